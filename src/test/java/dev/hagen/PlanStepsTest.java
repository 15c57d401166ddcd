package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.steps.ChangePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps of a pending change, run by ansible-playbook with a local connection against the
 * stand-in autobase and a stand-in patronictl that reports the members a test chooses: each guard
 * stops where it must (a host that is a member already, a host that holds data, a removal not
 * confirmed, the leader), and otherwise hands autobase exactly the host the plan names.
 */
@Tag(Tools.TIER)
class PlanStepsTest {
  /** One member as patronictl list -f json prints it. */
  static String member(String name, String address, String role, String state) {
    return "{\"Cluster\": \"shop\", \"Member\": \""
        + name
        + "\", \"Host\": \""
        + address
        + "\", \"Role\": \""
        + role
        + "\", \"State\": \""
        + state
        + "\", \"TL\": 1}";
  }

  static final String PG_2 = member("pg-2", "192.168.56.12", "Replica", "streaming");
  static final String PG_3 = member("pg-3", "192.168.56.13", "Replica", "streaming");

  /** Patroni's members of the corpus's lab (pg-1 leads), and with the new pg-4 as a replica. */
  static final String LAB =
      members(member("pg-1", "192.168.56.11", "Leader", "running"), PG_2, PG_3);

  static final String LAB_AND_PG_4 =
      members(
          member("pg-1", "192.168.56.11", "Leader", "running"),
          PG_2,
          PG_3,
          member("pg-4", "192.168.56.14", "Replica", "streaming"));

  static String members(String... members) {
    return "[" + String.join(", ", members) + "]";
  }

  @TempDir Path tmp;

  /** The tree hagen build writes for a corpus pair: after.yml pending over before.yml's record. */
  private ChangePlan pending(String pair) throws IOException {
    Pipeline.Result result = Blueprints.pending(pair);
    assertTrue(result.ok(), () -> result.diagnostics().toString());
    Tools.write(tmp, result.files());
    return result.changes();
  }

  /** The step of {@code kind} in the tree hagen build writes for a corpus pair. */
  private ChangePlan.Step step(String pair, ChangePlan.Kind kind) throws IOException {
    return pending(pair).steps().stream()
        .filter(s -> s.kind() == kind)
        .findFirst()
        .orElseThrow(() -> new AssertionError(pair + " has no " + kind + " step"));
  }

  /** A step's command as printed, with a local connection and the stand-ins, plus {@code more}. */
  private Tools.Run run(ChangePlan.Step step, String members, String... more) {
    return run(step, members, Map.of(), more);
  }

  private Tools.Run run(
      ChangePlan.Step step, String members, Map<String, String> standIns, String... more) {
    return runAs(
        step,
        members,
        standIns,
        step.targets().isEmpty() ? "" : step.targets().get(0).name(),
        more);
  }

  /**
   * {@code patroniName}: the name in the patroni.yml of the host the step runs on (every host is
   * this machine here), which a removal step checks against the node it removes.
   */
  private Tools.Run runAs(
      ChangePlan.Step step,
      String members,
      Map<String, String> standIns,
      String patroniName,
      String... more) {
    Tools.require("ansible-playbook", "ansible-core");
    List<String> command = new ArrayList<>(List.of(step.command().split(" ")));
    command.addAll(List.of("-e", "ansible_connection=local", "-e", "ansible_become=false"));
    if (step.kind() == ChangePlan.Kind.REMOVE_NODE) {
      // Patroni's and etcd's names of the host it removes (every host is this machine here).
      Path identity = tmp.resolve("identity");
      try {
        Files.createDirectories(identity);
        Files.writeString(identity.resolve("patroni.yml"), "name: " + patroniName + "\n");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      command.addAll(
          List.of(
              "-e",
              "patroni_config_file=" + identity.resolve("patroni.yml"),
              "-e",
              "etcd_conf_dir=" + identity));
    }
    command.addAll(List.of(more));
    Map<String, String> env = new HashMap<>();
    env.put("ANSIBLE_COLLECTIONS_PATH", Tools.STAND_IN_COLLECTIONS.toString());
    env.put("ANSIBLE_NOCOLOR", "1");
    env.put("HAGEN_STANDIN_PATRONI_MEMBERS", members);
    env.put("PATH", Tools.STAND_INS.resolve("bin") + ":" + System.getenv("PATH"));
    env.put("HAGEN_STANDIN_LOG", standInLog().toString());
    env.putAll(standIns);
    return Tools.run(tmp.resolve("ansible"), env, null, command.toArray(String[]::new));
  }

  /** What the stand-in patronictl was asked to do (restart, edit-config), in order. */
  private Path standInLog() {
    return tmp.resolve("stand-in.log");
  }

  private List<String> patronictlCalls() throws IOException {
    return standInCalls("patronictl ");
  }

  /** The stand-ins' log lines that start with {@code prefix}: patronictl's, or psql's variables. */
  private List<String> standInCalls(String prefix) throws IOException {
    Path log = standInLog();
    return Files.exists(log)
        ? Files.readAllLines(log).stream().filter(l -> l.startsWith(prefix)).toList()
        : List.of();
  }

  private static List<String> restarts(String... members) {
    return java.util.Arrays.stream(members)
        .map(m -> "patronictl restart shop " + m + " --force")
        .toList();
  }

  /** The configuration step of a corpus pair, run against Patroni's {@code members}. */
  private Tools.Run settings(String pair, String members) throws IOException {
    ChangePlan.Step step =
        pending(pair).steps().stream()
            .filter(s -> s.kind() == ChangePlan.Kind.SETTINGS)
            .findFirst()
            .orElseThrow();
    return run(step, members);
  }

  @Test
  void aRaisedParameterRestartsTheReplicasThenTheLeader() throws IOException {
    Tools.Run run = settings("24-parameters-raised", LAB);
    assertEquals(0, run.exitCode(), run.stdout());
    assertEquals(restarts("pg-2", "pg-3", "pg-1"), patronictlCalls());
    // The values it waits for and checks reach psql as variables, never as text of its queries.
    assertTrue(
        standInCalls("psql -v ")
            .contains(
                "psql -v hagen_written={\"max_connections\": \"400\", \"work_mem\": \"32MB\"}"),
        standInCalls("psql -v ").toString());
    assertEquals(3, count(run.stdout(), "STAND-IN config_pgcluster ran"), run.stdout());
    assertEquals(0, count(run.stdout(), "pending_restart=True"), "autobase's restart is not used");
  }

  /**
   * With PgBouncer, its pools on the leader pause (SIGUSR1) just before the leader restarts and
   * resume (SIGUSR2) after; where no PgBouncer runs (pkill finds none), the restarts go on.
   */
  @Test
  void theLeaderRestartsWithPgBouncersPoolsPaused() throws IOException {
    ChangePlan.Step step = step("46-raise-with-pgbouncer", ChangePlan.Kind.SETTINGS);
    Tools.Run run = run(step, LAB, Map.of("HAGEN_STANDIN_PGBOUNCER", "1"));
    assertEquals(0, run.exitCode(), run.stdout());
    List<String> calls =
        Files.readAllLines(standInLog()).stream()
            .filter(l -> l.startsWith("pkill ") || l.startsWith("patronictl restart"))
            .toList();
    assertEquals(
        List.of(
            "patronictl restart shop pg-2 --force",
            "patronictl restart shop pg-3 --force",
            "pkill --signal USR1 --exact pgbouncer",
            "patronictl restart shop pg-1 --force",
            "pkill --signal USR2 --exact pgbouncer"),
        calls);
    Files.delete(standInLog());
    Tools.Run without = run(step, LAB);
    assertEquals(0, without.exitCode(), without.stdout());
    assertEquals(restarts("pg-2", "pg-3", "pg-1"), patronictlCalls());
  }

  @Test
  void aLoweredMaxConnectionsRestartsTheLeaderFirst() throws IOException {
    Tools.Run run = settings("25-max-connections-lowered", LAB);
    assertEquals(0, run.exitCode(), run.stdout());
    assertEquals(restarts("pg-1", "pg-2", "pg-3"), patronictlCalls());
  }

  @Test
  void valuesThatRiseAndFallRestartTheReplicasBeforeAndAfterTheLeader() throws IOException {
    Tools.Run run = settings("26-rise-and-fall", LAB);
    assertEquals(0, run.exitCode(), run.stdout());
    assertEquals(restarts("pg-2", "pg-3", "pg-1", "pg-2", "pg-3"), patronictlCalls());
  }

  /** The order follows Patroni's roles when the step runs, not the blueprint's primary. */
  @Test
  void theRestartsFollowTheRunningLeader() throws IOException {
    String pg2Leads =
        members(
            member("pg-1", "192.168.56.11", "Replica", "streaming"),
            member("pg-2", "192.168.56.12", "Leader", "running"),
            PG_3);
    Tools.Run run = settings("24-parameters-raised", pg2Leads);
    assertEquals(0, run.exitCode(), run.stdout());
    assertEquals(restarts("pg-1", "pg-3", "pg-2"), patronictlCalls());
  }

  @Test
  void aRemovedParameterIsRemovedFromTheDcsAndNothingRestarts() throws IOException {
    Tools.Run run = settings("27-parameter-removed", LAB);
    assertEquals(0, run.exitCode(), run.stdout());
    assertEquals(
        List.of("patronictl edit-config --force --pg log_min_duration_statement=null"),
        patronictlCalls());
  }

  @Test
  void aMemberStillPendingARestartFailsTheStep() throws IOException {
    String pending =
        LAB.replace(
            "\"Member\": \"pg-3\", \"Host\": \"192.168.56.13\", \"Role\": \"Replica\"",
            "\"Member\": \"pg-3\", \"Host\": \"192.168.56.13\", \"Pending restart\":"
                + " \"*\", \"Role\": \"Replica\"");
    Tools.Run run = settings("28-pg-hba-rule", pending);
    assertNotEquals(0, run.exitCode(), run.stdout());
    assertTrue(run.stdout().contains("No member is pending a restart"), run.stdout());
    assertEquals(List.of(), patronictlCalls(), "a pg_hba change restarts nothing");
  }

  @Test
  void thePatroniStepSetsTheDcsAndReadsItBack() throws IOException {
    ChangePlan.Step step = step("29-patroni-timing", ChangePlan.Kind.PATRONI);
    Tools.Run run =
        run(step, LAB, Map.of("HAGEN_STANDIN_PATRONI_CONFIG", "{ttl: 40, loop_wait: 8}"));
    assertEquals(0, run.exitCode(), run.stdout());
    assertEquals(
        List.of("patronictl edit-config --force --set ttl=40 --set loop_wait=8"),
        patronictlCalls());
    Tools.Run stale =
        run(step, LAB, Map.of("HAGEN_STANDIN_PATRONI_CONFIG", "{ttl: 20, loop_wait: 8}"));
    assertNotEquals(0, stale.exitCode(), stale.stdout());
    assertTrue(stale.stdout().contains("Patroni's configuration has ttl: 20, not 40"));
  }

  @Test
  void theUsersStepRunsOnlyTheUsersTags() throws IOException {
    ChangePlan.Step step = step("30-user-and-database", ChangePlan.Kind.USERS);
    Tools.Run run = run(step, LAB, Map.of("HAGEN_USER_APP_PASSWORD", "Plan-Steps-Test-app"));
    assertEquals(0, run.exitCode(), run.stdout());
    assertEquals(1, count(run.stdout(), "STAND-IN postgresql_user app password=set"));
    assertEquals(
        3,
        count(run.stdout(), "tags=postgresql_databases,postgresql_extensions,postgresql_users"),
        run.stdout());
  }

  private Path emptyDataDir() throws IOException {
    return Files.createDirectories(tmp.resolve("pgdata-" + System.nanoTime()));
  }

  @Test
  void theAddStepGivesNewNodeToTheNewHostOnly() throws IOException {
    ChangePlan.Step add = step("01-add-replica", ChangePlan.Kind.ADD_NODES);
    Tools.Run run = run(add, LAB, "-e", "postgresql_data_dir=" + emptyDataDir());
    assertEquals(0, run.exitCode(), run.stdout());
    assertEquals(1, count(run.stdout(), "STAND-IN add_node ran: 192.168.56.14 new_node=True"));
    assertEquals(3, count(run.stdout(), "new_node=False"), run.stdout());
    assertEquals(
        1, count(run.stdout(), "STAND-IN patroni patroni.yml ran on 192.168.56.14"), run.stdout());
  }

  @Test
  void theAddStepStopsWhenTheNewHostIsAMemberAlready() throws IOException {
    ChangePlan.Step add = step("01-add-replica", ChangePlan.Kind.ADD_NODES);
    String members = LAB_AND_PG_4;
    Tools.Run run = run(add, members, "-e", "postgresql_data_dir=" + emptyDataDir());
    assertNotEquals(0, run.exitCode(), run.stdout());
    assertTrue(
        run.stdout().contains("is a member of cluster shop already. Nothing was changed."),
        run.stdout());
    assertEquals(0, count(run.stdout(), "STAND-IN add_node ran"), "add_node never runs");
  }

  @Test
  void theAddStepStopsWhenTheNewHostHoldsADataDirectory() throws IOException {
    ChangePlan.Step add = step("01-add-replica", ChangePlan.Kind.ADD_NODES);
    Path pgdata = emptyDataDir();
    Files.writeString(pgdata.resolve("PG_VERSION"), "17\n");
    Tools.Run run = run(add, LAB, "-e", "postgresql_data_dir=" + pgdata);
    assertNotEquals(0, run.exitCode(), run.stdout());
    assertTrue(run.stdout().contains("add_node.yml would delete its data directory"), run.stdout());
    assertEquals(0, count(run.stdout(), "STAND-IN add_node ran"), "add_node never runs");
  }

  @Test
  void theAddStepNeedsItsOwnInventory() throws IOException {
    ChangePlan.Step add = step("01-add-replica", ChangePlan.Kind.ADD_NODES);
    Tools.Run run =
        run(
            withCommand(add, "ansible-playbook " + add.file()),
            LAB,
            "-e",
            "postgresql_data_dir=" + emptyDataDir());
    assertNotEquals(0, run.exitCode(), run.stdout());
    // Its first play finds the inventory missing; the add's own guard would stop it next.
    assertTrue(
        run.stdout().contains("this step reads inventories/hosts, plan/02-add.ini"), run.stdout());
    assertEquals(0, count(run.stdout(), "STAND-IN add_node ran"), "add_node never runs");
    Tools.Run past =
        run(
            withCommand(add, "ansible-playbook " + add.file()),
            LAB,
            "-e",
            "postgresql_data_dir=" + emptyDataDir(),
            "--skip-tags",
            "always");
    assertNotEquals(0, past.exitCode(), past.stdout());
    assertTrue(past.stdout().contains("new_node=true must be set on exactly the hosts"));
    assertEquals(0, count(past.stdout(), "STAND-IN add_node ran"), "add_node never runs");
  }

  @Test
  void theRemovalStepRemovesNothingUnlessTheNodeIsNamed() throws IOException {
    ChangePlan.Step remove = step("03-remove-replica", ChangePlan.Kind.REMOVE_NODE);
    String members = LAB_AND_PG_4;
    String unconfirmed = remove.command().replace(" -e " + remove.confirmation().get(), "");
    for (String command : List.of(unconfirmed, unconfirmed + " -e confirm_removal=pg-3")) {
      Tools.Run run = run(withCommand(remove, command), members);
      assertNotEquals(0, run.exitCode(), run.stdout());
      assertTrue(run.stdout().contains("Nothing was removed."), run.stdout());
      assertEquals(0, count(run.stdout(), "STAND-IN remove_node ran"), run.stdout());
    }
    // Skipping to autobase's last task skips hagen's confirmation and autobase's own check: the
    // target is still empty.
    Tools.Run skipped =
        run(
            withCommand(remove, unconfirmed),
            members,
            "--start-at-task",
            "Say what would be removed");
    assertEquals(0, count(skipped.stdout(), "removes 192.168.56.14"), skipped.stdout());
    Tools.Run run = run(remove, members);
    assertEquals(0, run.exitCode(), run.stdout());
    assertEquals(1, count(run.stdout(), "STAND-IN remove_node ran: removes 192.168.56.14"));
  }

  @Test
  void theRemovalStepRefusesTheLeaderAndSaysHowToSwitchOver() throws IOException {
    ChangePlan.Step remove = step("03-remove-replica", ChangePlan.Kind.REMOVE_NODE);
    String members =
        members(
            member("pg-1", "192.168.56.11", "Replica", "running"),
            PG_2,
            PG_3,
            member("pg-4", "192.168.56.14", "Leader", "running"));
    Tools.Run run = run(remove, members);
    assertNotEquals(0, run.exitCode(), run.stdout());
    assertTrue(
        run.stdout().contains("pg-4 is the leader of cluster shop: nothing was removed"),
        run.stdout());
    assertTrue(run.stdout().contains("switchover --leader pg-4 --candidate pg-1 --force"));
    assertEquals(0, count(run.stdout(), "STAND-IN remove_node ran"), run.stdout());
  }

  /**
   * A settings step runs autobase's postgresql_users for every user, which sets an empty password
   * as none: it gives a password only to the user it creates, and stops before anything while that
   * one is empty on the controller; the users that exist keep theirs (their variables unset here).
   */
  @Test
  void aSettingsStepNeverWipesAPassword() throws IOException {
    ChangePlan.Step settings =
        pending("41-pg-hba-and-a-user").steps().stream()
            .filter(s -> s.kind() == ChangePlan.Kind.SETTINGS)
            .findFirst()
            .orElseThrow();
    assertEquals(List.of("HAGEN_USER_APP_PASSWORD (user app's password)"), settings.needs());
    Map<String, String> unset = new HashMap<>();
    for (String user : List.of("SHOP", "REPORTING", "APP")) {
      unset.put("HAGEN_USER_" + user + "_PASSWORD", "");
    }
    Tools.Run refused = run(settings, LAB, unset);
    assertNotEquals(0, refused.exitCode(), refused.stdout());
    assertTrue(
        refused
            .stdout()
            .contains("User app has no password: set HAGEN_USER_APP_PASSWORD on the controller"),
        refused.stdout());
    assertEquals(0, count(refused.stdout(), "STAND-IN config_pgcluster ran"), refused.stdout());
    Map<String, String> app = new HashMap<>(unset);
    app.put("HAGEN_USER_APP_PASSWORD", "Plan-Steps-Test-app");
    Tools.Run run = run(settings, LAB, app);
    assertEquals(0, run.exitCode(), run.stdout());
    assertEquals(1, count(run.stdout(), "STAND-IN postgresql_user app password=set"));
    assertEquals(1, count(run.stdout(), "STAND-IN postgresql_user shop password=omitted"));
    assertEquals(0, count(run.stdout(), "password=EMPTY"), run.stdout());
    assertEquals(0, count(run.stdout(), "Plan-Steps-Test-app"), "no password is printed");
  }

  /**
   * The major upgrade drops the old cluster and its packages: it runs only when confirmed, and ends
   * with pgBackRest's check and a full backup of the new version (the old backups cannot restore
   * it).
   */
  @Test
  void theUpgradeIsConfirmedAndEndsWithAFullBackup() throws IOException {
    ChangePlan.Step upgrade = step("42-major-upgrade-with-backups", ChangePlan.Kind.UPGRADE);
    assertEquals(ChangePlan.Kind.UPGRADE, upgrade.kind());
    assertTrue(upgrade.destructive());
    assertTrue(upgrade.command().endsWith(" -e confirm_upgrade=shop"), upgrade.command());
    Tools.Run unconfirmed =
        run(withCommand(upgrade, upgrade.command().replace(" -e confirm_upgrade=shop", "")), LAB);
    assertNotEquals(0, unconfirmed.exitCode(), unconfirmed.stdout());
    assertTrue(unconfirmed.stdout().contains("Nothing ran."), unconfirmed.stdout());
    assertEquals(0, count(unconfirmed.stdout(), "STAND-IN pg_upgrade ran"), unconfirmed.stdout());
    Tools.Run run = run(upgrade, LAB);
    assertEquals(0, run.exitCode(), run.stdout());
    assertEquals(3, count(run.stdout(), "STAND-IN pg_upgrade ran"), run.stdout());
    assertEquals(
        List.of("pgbackrest --stanza=shop check", "pgbackrest --stanza=shop --type=full backup"),
        standInCalls("pgbackrest "));
  }

  /**
   * In strict synchronous mode a commit needs synchronous standbys: the removal stops before
   * anything unless enough of the other replicas stream to be them.
   */
  @Test
  void aRemovalInStrictModeNeedsOtherReplicasStreaming() throws IOException {
    ChangePlan.Step remove =
        step("43-fewer-synchronous-standbys-and-a-removal", ChangePlan.Kind.REMOVE_NODE);
    String pg1 = member("pg-1", "192.168.56.11", "Leader", "running");
    String pg4 = member("pg-4", "192.168.56.14", "Sync Standby", "streaming");
    Tools.Run refused =
        run(
            remove,
            members(
                pg1,
                member("pg-2", "192.168.56.12", "Replica", "starting"),
                member("pg-3", "192.168.56.13", "Replica", "stopped"),
                pg4));
    assertNotEquals(0, refused.exitCode(), refused.stdout());
    assertTrue(
        refused.stdout().contains("Nothing was removed: without pg-4, 0 replica(s) stream"),
        refused.stdout());
    assertEquals(0, count(refused.stdout(), "STAND-IN remove_node ran"), refused.stdout());
    Tools.Run run =
        run(remove, members(pg1, PG_2, member("pg-3", "192.168.56.13", "Replica", "stopped"), pg4));
    assertEquals(0, run.exitCode(), run.stdout());
    assertEquals(1, count(run.stdout(), "STAND-IN remove_node ran: removes 192.168.56.14"));
  }

  /**
   * A removal step's inventory comes from the record, which a pull request can change: the host at
   * the address it removes must be the node it names (here Patroni there calls itself pg-2), or
   * nothing is removed, confirmed or not.
   */
  @Test
  void theRemovalStepRefusesAHostThatIsAnotherNode() throws IOException {
    ChangePlan.Step remove = step("03-remove-replica", ChangePlan.Kind.REMOVE_NODE);
    Tools.Run run = runAs(remove, LAB_AND_PG_4, Map.of(), "pg-2");
    assertNotEquals(0, run.exitCode(), run.stdout());
    assertTrue(
        run.stdout().contains("the host at 192.168.56.14 is known as pg-2, not pg-4"),
        run.stdout());
    assertEquals(0, count(run.stdout(), "STAND-IN remove_node ran"), run.stdout());
  }

  /**
   * A balancer retires only while another runs HAProxy and keepalived: keepalived stops first and
   * the VIP moves, then HAProxy and confd stop (each only where it is installed). Every host is
   * this machine, so the stand-in ip finds the VIP here once keepalived was stopped.
   */
  @Test
  void aBalancerRetiresOnlyWhileAnotherServes() throws IOException {
    ChangePlan.Step retire = step("44-balancer-retired", ChangePlan.Kind.RETIRE_BALANCER);
    Map<String, String> vipMoves = Map.of("HAGEN_STANDIN_VIP_MOVES", "1");
    Tools.Run run = run(retire, LAB, vipMoves);
    assertEquals(0, run.exitCode(), run.stdout());
    assertEquals(
        List.of(
            "systemctl disable keepalived",
            "systemctl stop keepalived",
            "systemctl disable haproxy",
            "systemctl stop haproxy",
            "systemctl disable confd",
            "systemctl stop confd"),
        standInCalls("systemctl ").stream()
            .map(l -> l.replace(".service", ""))
            .distinct()
            .toList());
    Files.delete(standInLog());
    Tools.Run withoutConfd =
        run(
            retire,
            LAB,
            Map.of("HAGEN_STANDIN_VIP_MOVES", "1", "HAGEN_STANDIN_UNITS", "haproxy keepalived"));
    assertEquals(0, withoutConfd.exitCode(), withoutConfd.stdout());
    assertEquals(0, count(String.join("\n", standInCalls("systemctl ")), "confd"));
    Files.delete(standInLog());
    Tools.Run nobodyServes = run(retire, LAB, Map.of("HAGEN_STANDIN_UNITS", "haproxy"));
    assertNotEquals(0, nobodyServes.exitCode(), nobodyServes.stdout());
    assertTrue(nobodyServes.stdout().contains("Nothing was changed"), nobodyServes.stdout());
    assertEquals(List.of(), standInCalls("systemctl "));
    Tools.Run noVip = run(retire, LAB);
    assertNotEquals(0, noVip.exitCode(), noVip.stdout());
    assertTrue(noVip.stdout().contains("No balancer holds the VIP"), noVip.stdout());
    assertTrue(
        standInCalls("systemctl ").stream().noneMatch(l -> l.contains("haproxy")),
        "HAProxy keeps running while no balancer holds the VIP");
  }

  /**
   * Every step runs only with the files it was written from: a group_vars swapped after the step
   * was written (a reviewed rule made `trust`), or an inventory it does not name, stops it first.
   */
  @Test
  void aStepStopsWhenItsFilesAreNotTheOnesItWasWrittenFrom() throws IOException {
    ChangePlan.Step settings = step("28-pg-hba-rule", ChangePlan.Kind.SETTINGS);
    Path groupVars = tmp.resolve("ansible/inventories/group_vars/all.yml");
    String reviewed = Files.readString(groupVars);
    Files.writeString(groupVars, reviewed.replace("scram-sha-256", "trust"));
    Tools.Run swapped = run(settings, LAB);
    assertNotEquals(0, swapped.exitCode(), swapped.stdout());
    assertTrue(
        swapped
            .stdout()
            .contains(
                "Nothing ran: inventories/group_vars/all.yml is not the file this step was written"
                    + " from"),
        swapped.stdout());
    assertEquals(0, count(swapped.stdout(), "STAND-IN config_pgcluster ran"), swapped.stdout());
    Files.writeString(groupVars, reviewed);
    Files.writeString(tmp.resolve("ansible/other.ini"), "[master]\n192.168.56.99\n");
    Tools.Run other = run(withCommand(settings, settings.command() + " -i other.ini"), LAB);
    assertNotEquals(0, other.exitCode(), other.stdout());
    assertTrue(other.stdout().contains("Nothing ran: Ansible read"), other.stdout());
    assertEquals(0, count(other.stdout(), "STAND-IN config_pgcluster ran"), other.stdout());
    Tools.Run run = run(settings, LAB);
    assertEquals(0, run.exitCode(), run.stdout());
  }

  @Test
  void theBalancerStepRendersHaproxyOnlyWithoutConfd() throws IOException {
    ChangePlan.Step balancers = step("01-add-replica", ChangePlan.Kind.BALANCERS);
    assertEquals(ChangePlan.Kind.BALANCERS, balancers.kind());
    Tools.Run withConfd = run(balancers, LAB);
    assertEquals(0, withConfd.exitCode(), withConfd.stdout());
    assertEquals(0, count(withConfd.stdout(), "STAND-IN haproxy"), withConfd.stdout());
    // HAProxy's statistics as a balancer whose checks settled: the leader up, the others down.
    String csv =
        "# pxname,svname\n"
            + statsRow("master", "FRONTEND", "OPEN")
            + statsRow("master", "pg-1", "UP")
            + statsRow("master", "pg-2", "DOWN")
            + statsRow("master", "pg-3", "DOWN")
            + statsRow("master", "BACKEND", "UP");
    com.sun.net.httpserver.HttpServer stats =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    stats.createContext(
        "/",
        exchange -> {
          byte[] body = csv.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    stats.start();
    try {
      Tools.Run without =
          run(
              balancers,
              LAB,
              "-e",
              "confd_install=false",
              "-e",
              "haproxy_bind_address=127.0.0.1",
              "-e",
              "{\"haproxy_listen_port\": {\"stats\": " + stats.getAddress().getPort() + "}}");
      assertEquals(0, without.exitCode(), without.stdout());
      assertEquals(3, count(without.stdout(), "STAND-IN haproxy main.yml ran"), without.stdout());
    } finally {
      stats.stop(0);
    }
  }

  /** A line of HAProxy's CSV statistics: the proxy, the server, its status (the 18th field). */
  private static String statsRow(String proxy, String server, String status) {
    return proxy + "," + server + ",".repeat(16) + status + ",\n";
  }

  @Test
  void theEtcdStepRendersPatroniAndConfd() throws IOException {
    ChangePlan.Step etcd = step("02-add-etcd-member", ChangePlan.Kind.ETCD_ENDPOINTS);
    assertEquals(ChangePlan.Kind.ETCD_ENDPOINTS, etcd.kind());
    Tools.Run run = run(etcd, LAB);
    assertEquals(0, run.exitCode(), run.stdout());
    assertEquals(4, count(run.stdout(), "STAND-IN patroni patroni.yml ran"), run.stdout());
    assertEquals(3, count(run.stdout(), "STAND-IN confd main.yml ran"), run.stdout());
    assertEquals(0, count(run.stdout(), "STAND-IN vip_manager"), "HAProxy holds the VIP here");
  }

  private static ChangePlan.Step withCommand(ChangePlan.Step s, String command) {
    return s.withCommand(command);
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
