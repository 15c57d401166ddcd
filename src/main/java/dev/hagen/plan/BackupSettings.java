package dev.hagen.plan;

import dev.hagen.autobase.AutobaseDefaults;
import dev.hagen.autobase.AutobaseRelease;
import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.Role;
import dev.hagen.blueprint.S3Keys;
import dev.hagen.plan.ClusterPlan.Jinja;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The blueprint's {@code backup} section as the variables autobase's pgbackrest role reads. Each
 * list starts from the pinned release's default (its Jinja2 kept) with hagen's options set by name,
 * as {@link PostgresqlSettings} does for PostgreSQL's.
 */
public final class BackupSettings {
  /** autobase's pgbackrest_repo_user: the repository host's user, and the nodes' cron user. */
  static final String REPO_USER = "postgres";

  private BackupSettings() {}

  /** The repository host's address, when the backups go to one. */
  public static Optional<String> repositoryHost(Blueprint b) {
    return b.backup()
        .filter(Blueprint.Backup::onHost)
        .flatMap(x -> backupNode(b))
        .map(Blueprint.Node::ip);
  }

  private static Optional<Blueprint.Node> backupNode(Blueprint b) {
    return b.nodes().stream().filter(n -> n.has(Role.BACKUP)).findFirst();
  }

  /**
   * A point in time restore.yml takes: a date, a time (seconds, fractions optional) and an offset
   * from UTC, as pgBackRest's --target and PostgreSQL's recovery_target_time read it. Without an
   * offset the time would be the server's local one, which a reader cannot see.
   */
  static final String RESTORE_TARGET =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,6})?[+-][0-9]{2}(:?[0-9]{2})?$";

  /** An example of it, in the README's restore command. */
  static final String TARGET_EXAMPLE = "2026-01-31 14:30:00+00";

  /** What the README and restore.yml say of the backups. */
  static Optional<ClusterPlan.Backups> backups(Blueprint b) {
    return b.backup()
        .map(
            backup -> {
              String stanza = b.cluster().name();
              String pgbackrest = "pgbackrest --stanza=" + stanza;
              Optional<Blueprint.Node> node = backupNode(b).filter(n -> backup.onHost());
              String repository =
                  node.map(
                          n ->
                              "the backup host "
                                  + n.name()
                                  + " ("
                                  + n.ip()
                                  + "), in /var/lib/pgbackrest")
                      .orElseGet(
                          () -> {
                            Blueprint.S3 s3 = backup.s3().orElseThrow();
                            return "S3: bucket "
                                + s3.bucket()
                                + ", folder "
                                + s3.path()
                                + ", at "
                                + s3.endpoint()
                                + " ("
                                + s3.region()
                                + ")";
                          });
              List<ClusterPlan.ScheduledBackup> schedule = new ArrayList<>();
              schedule.add(new ClusterPlan.ScheduledBackup("full", backup.schedule().full()));
              backup
                  .schedule()
                  .differential()
                  .ifPresent(c -> schedule.add(new ClusterPlan.ScheduledBackup("differential", c)));
              backup
                  .schedule()
                  .incremental()
                  .ifPresent(c -> schedule.add(new ClusterPlan.ScheduledBackup("incremental", c)));
              String adHoc =
                  "ansible "
                      + (backup.onHost() ? "pgbackrest" : "postgres_cluster")
                      + " -b --become-user postgres -m ansible.builtin.";
              String backupNow =
                  backup.onHost()
                      ? adHoc + "command -a \"" + pgbackrest + " --type=full backup\""
                      : adHoc
                          + "shell -a 'if [ \"$(psql -tAXc \"select pg_is_in_recovery()\")\" = f ]; then "
                          + pgbackrest
                          + " --type=full backup; fi'";
              String info =
                  (backup.onHost() ? "ansible pgbackrest" : "ansible 'postgres_cluster[0]'")
                      + " -b --become-user postgres -m ansible.builtin.command -a \""
                      + pgbackrest
                      + " info\"";
              String restore =
                  "ansible-playbook restore.yml --tags point_in_time_recovery -e \"restore_target='"
                      + TARGET_EXAMPLE
                      + "'\""
                      + (b.secrets().vaultFile().isPresent() ? " --ask-vault-password" : "");
              return new ClusterPlan.Backups(
                  backup.onHost(),
                  repository,
                  stanza,
                  backup.retentionFull(),
                  List.copyOf(schedule),
                  backup.onHost()
                      ? "the backup host"
                      : "each PostgreSQL node; only the primary backs up",
                  backupNow,
                  info,
                  restore,
                  RESTORE_TARGET);
            });
  }

  /** The variables of the backup row, in the order all.yml writes them. */
  static Map<String, Object> variables(Blueprint b) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("pgbackrest_install", b.backup().isPresent());
    if (b.backup().isEmpty()) {
      return vars;
    }
    Blueprint.Backup backup = b.backup().get();
    AutobaseRelease release = AutobaseRelease.of(b.cluster().autobaseVersion()).orElseThrow();
    Optional<String> host = repositoryHost(b);
    vars.put("pgbackrest_repo_type", backup.onHost() ? "posix" : "s3");
    host.ifPresent(h -> vars.put("pgbackrest_repo_host", h));
    Map<String, Object> retention = retention(backup);
    Map<String, Object> global = new LinkedHashMap<>(retention);
    host.ifPresent(
        h -> {
          // autobase's pre-checks add these too; written here, the review shows where WAL goes.
          global.put("repo1-host", h);
          global.put("repo1-host-user", REPO_USER);
        });
    backup
        .s3()
        .ifPresent(
            s3 -> {
              global.put("repo1-path", s3.path());
              global.put("repo1-s3-endpoint", s3.endpoint());
              global.put("repo1-s3-bucket", s3.bucket());
              global.put("repo1-s3-region", s3.region());
              global.put("repo1-s3-uri-style", s3.uriStyle());
              global.put("repo1-s3-key", new Jinja("{{ " + S3Keys.KEY_VARIABLE + " }}"));
              global.put("repo1-s3-key-secret", new Jinja("{{ " + S3Keys.SECRET_VARIABLE + " }}"));
            });
    Map<String, Object> conf = new LinkedHashMap<>();
    conf.put("global", merged(release, "pgbackrest_conf.global", global));
    conf.put("stanza", merged(release, "pgbackrest_conf.stanza", Map.of()));
    vars.put("pgbackrest_conf", conf);
    if (host.isPresent()) {
      vars.put(
          "pgbackrest_server_conf",
          Map.of("global", merged(release, "pgbackrest_server_conf.global", retention)));
    }
    vars.put("pgbackrest_cron_jobs", cronJobs(release, backup));
    return vars;
  }

  /** A count of full backups; the WAL they need is kept with them (no separate archive count). */
  private static Map<String, Object> retention(Blueprint.Backup backup) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("repo1-retention-full", String.valueOf(backup.retentionFull()));
    m.put("repo1-retention-full-type", "count");
    m.put("repo1-retention-archive", null);
    return m;
  }

  /**
   * The release's list with {@code options} set by name: a value replaces the default's in place or
   * is appended, a null removes it.
   */
  private static List<Map<String, Object>> merged(
      AutobaseRelease release, String variable, Map<String, Object> options) {
    List<Map<String, Object>> out = new ArrayList<>();
    Map<String, Object> left = new LinkedHashMap<>(options);
    for (Map<String, String> e : AutobaseDefaults.entries(release, variable)) {
      String option = e.get("option");
      if (left.containsKey(option)) {
        Object value = left.remove(option);
        if (value != null) {
          out.add(entry(option, value));
        }
      } else {
        out.add(entry(option, PostgresqlSettings.autobase(e.get("value"))));
      }
    }
    left.forEach(
        (option, value) -> {
          if (value != null) {
            out.add(entry(option, value));
          }
        });
    return List.copyOf(out);
  }

  private static Map<String, Object> entry(String option, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("option", option);
    m.put("value", value);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** A kind of backup: its name in the cron file, pgBackRest's --type, and its schedule. */
  private record Kind(String name, String type, Optional<String> schedule) {}

  /**
   * One cron job per scheduled kind, in autobase's form (its file and user). On a repository host
   * the job runs pgBackRest alone: that host has no PostgreSQL for autobase's pg_is_in_recovery()
   * guard (its 2.6.0 default would never back up from there), and pgBackRest finds the primary
   * itself. With S3, every PostgreSQL node has the job and the guard lets only the primary run it.
   */
  private static List<Map<String, Object>> cronJobs(
      AutobaseRelease release, Blueprint.Backup backup) {
    Map<String, String> first = AutobaseDefaults.entries(release, "pgbackrest_cron_jobs").get(0);
    Blueprint.Schedule s = backup.schedule();
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (Kind kind :
        List.of(
            new Kind("Full", "full", Optional.of(s.full())),
            new Kind("Diff", "diff", s.differential()),
            new Kind("Incr", "incr", s.incremental()))) {
      if (kind.schedule().isEmpty()) {
        continue;
      }
      List<String> fields = Blueprint.Schedule.fields(kind.schedule().get());
      String command =
          "pgbackrest --stanza={{ pgbackrest_stanza }} --type=" + kind.type() + " backup";
      Map<String, Object> job = new LinkedHashMap<>();
      job.put("name", "pgBackRest: " + kind.name() + " Backup");
      job.put("file", PostgresqlSettings.autobase(first.get("file")));
      job.put("user", first.get("user"));
      job.put("minute", fields.get(0));
      job.put("hour", fields.get(1));
      job.put("day", fields.get(2));
      job.put("month", fields.get(3));
      job.put("weekday", fields.get(4));
      job.put(
          "job",
          new Jinja(
              backup.onHost()
                  ? command
                  : "if [ \"$(psql -tAXc 'select pg_is_in_recovery()')\" = 'f' ]; then "
                      + command
                      + "; fi"));
      jobs.add(java.util.Collections.unmodifiableMap(job));
    }
    return List.copyOf(jobs);
  }
}
