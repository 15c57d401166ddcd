package dev.hagen.check;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.BlueprintFormat;
import dev.hagen.blueprint.Role;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Backups with pgBackRest: the repository host, S3 settings pgBackRest can use, the retention and
 * the schedule. Nodes' addresses, the backup node's among them, are the network check's.
 */
final class BackupCheck implements Check {
  /** pgBackRest's bound on repo1-retention-full. */
  static final int MAX_RETENTION = 9_999_999;

  /** A host name or IPv4 address, with an optional port: what repo1-s3-endpoint takes. */
  private static final Pattern ENDPOINT =
      Pattern.compile(
          "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*"
              + "(:[0-9]{1,5})?");

  /** S3's bucket naming rules: 3-63 characters, lowercase letters, digits, dots and hyphens. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");

  /** An absolute folder of plain characters (written into pgbackrest.conf as it is). */
  private static final Pattern FOLDER = Pattern.compile("/([A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*)?");

  @Override
  public void run(Blueprint b, Diagnostics d) {
    var where = b.where();
    List<Integer> backupNodes =
        IntStream.range(0, b.nodes().size())
            .filter(i -> b.nodes().get(i).has(Role.BACKUP))
            .boxed()
            .toList();
    for (int i : backupNodes) {
      Blueprint.Node n = b.nodes().get(i);
      if (Role.runsPostgres(n.roles())) {
        atRoles(
            b,
            d,
            i,
            Code.BACKUP_HOST_POSTGRESQL,
            "is the backup host and a PostgreSQL node",
            "keep the backups on a machine of their own: give `"
                + n.name()
                + "` only `backup` "
                + "(and `etcd` or `balancer`, if need be), or remove `backup`");
      }
    }
    if (b.backup().isEmpty()) {
      backupNodes.forEach(
          i ->
              atRoles(
                  b,
                  d,
                  i,
                  Code.BACKUP_HOST,
                  "has role `backup`, but the blueprint has no `backup` section",
                  "add `backup:` (its repository is `host` by default), or remove the role"));
      return;
    }
    Blueprint.Backup backup = b.backup().get();
    repository(b, backup, backupNodes, d);
    backup.s3().ifPresent(s3 -> s3(b, s3, d));
    if (backup.retentionFull() < 1 || backup.retentionFull() > MAX_RETENTION) {
      d.report(
          Code.BACKUP_RETENTION,
          where.at("backup.retention_full"),
          "`retention_full: "
              + backup.retentionFull()
              + "` keeps "
              + (backup.retentionFull() < 1
                  ? "no full backup: nothing could be restored"
                  : "more than pgBackRest counts"),
          "keep at least one full backup, e.g. `retention_full: 4` (four weeks of weekly backups)");
    }
    schedule(b, backup.schedule(), d);
  }

  /** A problem with node {@code i} as a backup node, reported at its roles. */
  private static void atRoles(
      Blueprint b, Diagnostics d, int i, Code code, String what, String hint) {
    d.report(
        code,
        b.where().at("nodes[" + i + "].roles"),
        "`" + b.nodes().get(i).name() + "` " + what,
        hint);
  }

  private static void repository(
      Blueprint b, Blueprint.Backup backup, List<Integer> backupNodes, Diagnostics d) {
    var where = b.where();
    if (backup.onHost()) {
      if (backupNodes.isEmpty()) {
        d.report(
            Code.BACKUP_HOST,
            where.at("backup.repository"),
            "the backups go to a repository host, and no node has role `backup`",
            "add a node with `roles: [backup]` (a machine of its own, in `network.cidr`), "
                + "or keep the backups in S3 with `repository: s3`");
      }
      backupNodes.stream()
          .skip(1)
          .forEach(
              i ->
                  atRoles(
                      b,
                      d,
                      i,
                      Code.BACKUP_HOST,
                      "is a second backup host; pgBackRest takes one repository host",
                      "keep `backup` on `" + b.nodes().get(backupNodes.get(0)).name() + "` only"));
      if (backup.s3().isPresent()) {
        d.report(
            Code.S3_SETTING,
            where.at("backup.s3"),
            "S3 settings, but the backups go to the repository host",
            "set `repository: s3` to use them, or remove `s3`");
      }
    } else {
      backupNodes.forEach(
          i ->
              atRoles(
                  b,
                  d,
                  i,
                  Code.BACKUP_HOST,
                  "has role `backup`, but the backups go to S3",
                  "remove the role `backup`, or set `repository: host`"));
      if (backup.s3().isEmpty()) {
        d.report(
            Code.S3_SETTING,
            where.at("backup.repository"),
            "`repository: s3` without an `s3` section",
            "add `s3:` with `endpoint`, `bucket` and `region`");
      }
    }
  }

  private static void s3(Blueprint b, Blueprint.S3 s3, Diagnostics d) {
    var where = b.where();
    String endpoint = s3.endpoint();
    if (endpoint.contains("://")) {
      d.report(
          Code.S3_SETTING,
          where.at("backup.s3.endpoint"),
          "`" + endpoint + "` is a URL; pgBackRest takes the host name (and port) only",
          "write `endpoint: "
              + endpoint.replaceFirst("^[a-zA-Z]+://", "").replaceFirst("/.*$", "")
              + "`: pgBackRest always speaks https");
    } else if (!ENDPOINT.matcher(endpoint).matches()
        || endpoint.length() > 253
        || !port(endpoint)) {
      d.report(
          Code.S3_SETTING,
          where.at("backup.s3.endpoint"),
          "`" + endpoint + "` is not a host name with an optional port",
          "e.g. `endpoint: s3.eu-central-1.amazonaws.com` or `endpoint: minio.example.net:9000`");
    }
    if (!BUCKET.matcher(s3.bucket()).matches() || s3.bucket().contains("..")) {
      d.report(
          Code.S3_SETTING,
          where.at("backup.s3.bucket"),
          "`" + s3.bucket() + "` is not an S3 bucket name",
          "3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, "
              + "e.g. `"
              + b.cluster().name().toLowerCase(java.util.Locale.ROOT)
              + "-backups`");
    }
    if (!REGION.matcher(s3.region()).matches()) {
      d.report(
          Code.S3_SETTING,
          where.at("backup.s3.region"),
          "`" + s3.region() + "` is not a region name",
          "lowercase letters, digits and hyphens, e.g. `eu-central-1` (MinIO: `us-east-1`)");
    }
    if (!FOLDER.matcher(s3.path()).matches()
        || s3.path().contains("/../")
        || s3.path().endsWith("/..")) {
      d.report(
          Code.S3_SETTING,
          where.at("backup.s3.path"),
          "`" + s3.path() + "` is not an absolute folder of plain characters",
          "e.g. `path: /pgbackrest` or `path: /" + b.cluster().name() + "`");
    }
  }

  private static boolean port(String endpoint) {
    int colon = endpoint.indexOf(':');
    if (colon < 0) {
      return true;
    }
    int port = Integer.parseInt(endpoint.substring(colon + 1));
    return port >= 1 && port <= 65_535;
  }

  private static void schedule(Blueprint b, Blueprint.Schedule schedule, Diagnostics d) {
    Map<String, String> kinds = new LinkedHashMap<>();
    kinds.put("full", schedule.full());
    schedule.differential().ifPresent(s -> kinds.put("differential", s));
    schedule.incremental().ifPresent(s -> kinds.put("incremental", s));
    Map<String, CronSchedule> parsed = new LinkedHashMap<>();
    kinds.forEach(
        (kind, text) -> {
          CronSchedule.Parsed p = CronSchedule.parse(text);
          Optional<String> problem =
              p.problem()
                  .or(
                      () ->
                          p.schedule()
                              .filter(s -> !s.everFires())
                              .map(s -> "`" + text + "` names no day that exists"));
          if (problem.isPresent()) {
            d.report(
                Code.BACKUP_SCHEDULE,
                b.where().at("backup.schedule." + kind),
                "the " + kind + " backup's schedule: " + problem.get(),
                "e.g. `"
                    + kind
                    + ": \""
                    + BackupCheck.example(kind)
                    + "\"` (minute hour day-of-month month day-of-week)");
          } else {
            parsed.put(kind, p.schedule().orElseThrow());
          }
        });
    List<String> names = new ArrayList<>(parsed.keySet());
    for (int i = 0; i < names.size(); i++) {
      for (int j = i + 1; j < names.size(); j++) {
        String first = names.get(i);
        String second = names.get(j);
        parsed
            .get(first)
            .sameMinuteAs(parsed.get(second))
            .ifPresent(
                day ->
                    d.report(
                        Code.BACKUP_SCHEDULE,
                        b.where().at("backup.schedule." + second),
                        "the "
                            + second
                            + " and "
                            + first
                            + " backups start at the same minute (on "
                            + day.getDayOfWeek()
                                .getDisplayName(
                                    java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH)
                            + "s, for one): pgBackRest runs one backup at a time, so one of them fails",
                        "give them different days or times, e.g. full `"
                            + example("full")
                            + "` and differential `"
                            + example("differential")
                            + "`"));
      }
    }
  }

  /** The format's default for full and differential backups; a six-hourly example otherwise. */
  private static String example(String kind) {
    return kind.equals("incremental")
        ? "0 */6 * * *"
        : (String) BlueprintFormat.defaultOf("backup.schedule." + kind);
  }
}
