package dev.hagen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hagen.Blueprints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hagen plan against the lab's real observations (src/test/resources/observed/): every difference
 * between the running cluster and its record is listed with what the plan does with it, the steps
 * start from the cluster as it runs, and an observation that is stale, of another cluster, of a
 * sick cluster or damaged stops the plan with a diagnostic.
 */
class DriftPlanTest {
  @TempDir Path tmp;

  private Path cluster;

  private Cli.Run plan(String fixture, UnaryOperator<String> change, String... more)
      throws IOException {
    cluster = Observed.build(tmp.resolve("out"));
    Path file = Observed.copy(fixture, cluster, tmp.resolve("observed.json"), change);
    List<String> args =
        new ArrayList<>(
            List.of(
                "plan",
                Blueprints.LAB.toString(),
                "-o",
                tmp.resolve("out").toString(),
                "--observed",
                file.toString()));
    args.addAll(List.of(more));
    return Cli.hagen(args.toArray(String[]::new));
  }

  /** Each drift as "subject name: disposition", from the JSON plan. */
  private static List<String> drift(Cli.Run run) throws IOException {
    JsonNode doc = new ObjectMapper().readTree(run.out());
    List<String> out = new ArrayList<>();
    for (JsonNode d : doc.path("plan").path("clusters").get(0).path("drift")) {
      out.add(
          d.get("subject").asText()
              + " "
              + d.get("name").asText()
              + ": "
              + d.get("disposition").asText());
    }
    return out;
  }

  @Test
  void theLabAsDeployedRunsAnotherVersionThanItsBlueprintAndThePlanRefuses() throws IOException {
    Cli.Run run = plan("lab", t -> t);
    assertEquals(1, run.code(), run.err());
    assertTrue(
        run.err()
            .contains(
                "error[HG722]: version postgresql_version: the record says 17, the cluster shows 15"),
        run.err());
  }

  /** The lab's own overlay (vagrant/nspawn-overlay.yml) sets two parameters: real drift. */
  @Test
  void theLabAsDeployedDriftsOnlyWhereTheLabOverlayDiffers() throws IOException {
    Cli.Run run = plan("lab", Observed.AT_THE_BLUEPRINTS_VERSION, "--format", "json");
    assertEquals(2, run.code(), run.err());
    assertEquals(
        List.of(
            "parameter shared_buffers: planned_away",
            "parameter effective_cache_size: planned_away"),
        drift(run));
  }

  /**
   * The seed's hand edits: max_connections and a pg_hba rule by patronictl edit-config, a user made
   * by hand, a switchover. Patroni now writes pg_hba.conf itself: refused until a human decides.
   */
  @Test
  void theSeedsHandEditsPutPgHbaInPatroniWhichIsRefused() throws IOException {
    Cli.Run run = plan("seed-edits", Observed.AT_THE_BLUEPRINTS_VERSION);
    assertEquals(1, run.code(), run.err());
    assertTrue(run.err().contains("error[HG722]: pg_hba in Patroni rules"), run.err());
    assertTrue(run.err().contains("patronictl edit-config --force -s postgresql.pg_hba=null"));
  }

  /** Once Patroni's rules are gone, the four hand edits are drift the plan deals with. */
  @Test
  void theSeedsHandEditsAreListedEachWithWhatThePlanDoes() throws IOException {
    Cli.Run json =
        plan(
            "seed-edits",
            t -> Observed.WITHOUT_PATRONI_PG_HBA.apply(Observed.AT_THE_BLUEPRINTS_VERSION.apply(t)),
            "--format",
            "json");
    assertEquals(2, json.code(), json.err());
    assertEquals(
        List.of(
            "leader leader: kept",
            "parameter max_connections: planned_away",
            "parameter shared_buffers: planned_away",
            "parameter effective_cache_size: planned_away",
            "pg_hba rules: planned_away",
            "user handmade: left"),
        drift(json));
    Cli.Run text =
        plan(
            "seed-edits",
            t ->
                Observed.WITHOUT_PATRONI_PG_HBA.apply(Observed.AT_THE_BLUEPRINTS_VERSION.apply(t)));
    assertTrue(
        text.out().contains("! parameter max_connections: recorded 1000, observed 1200"),
        text.out());
    assertTrue(
        text.out().contains("~ parameter max_connections  1200 -> 1000 (restart)"), text.out());
    assertTrue(
        text.out().contains("- pg_hba rule  hostssl all all 10.9.9.0/24 scram-sha-256"),
        text.out());
    assertTrue(
        text.out()
            .contains(
                "! leader leader: recorded postgresql-1 (the primary role), observed postgresql-2"));
    // Only what drifted changes: the rules that are the record's stay as it writes them (the two
    // parameters are the lab overlay's).
    assertTrue(text.out().contains("0 to add, 3 to change, 1 to remove."), text.out());
    // The build it names reads the same observation, so it writes the steps printed here.
    assertTrue(
        text.out().contains(" --observed " + tmp.resolve("observed.json") + " first."), text.out());
  }

  /** hagen build reads the same observation and writes the steps plan printed. */
  @Test
  void buildWritesTheStepsThatPlanAwayTheDrift() throws IOException {
    Cli.Run run = plan("lab", Observed.AT_THE_BLUEPRINTS_VERSION);
    assertEquals(2, run.code());
    Cli.Run build =
        Cli.hagen(
            "build",
            Blueprints.LAB.toString(),
            "-o",
            tmp.resolve("out").toString(),
            "--observed",
            tmp.resolve("observed.json").toString());
    assertEquals(0, build.code(), build.err());
    String step = Files.readString(cluster.resolve("ansible/plan/01-settings.yml"));
    assertTrue(step.contains("shared_buffers"), step);
  }

  /** Without --observed, the cluster folder's own observed.json is read. */
  @Test
  void theFoldersOwnObservationIsReadByDefault() throws IOException {
    cluster = Observed.build(tmp.resolve("out"));
    Observed.copy("lab", cluster, cluster.resolve("observed.json"), t -> t);
    Cli.Run run = Cli.hagen("plan", Blueprints.LAB.toString(), "-o", tmp.resolve("out").toString());
    assertEquals(1, run.code());
    assertTrue(run.err().contains("HG722"), run.err());
  }

  @Test
  void anObservationBesideAnotherRecordIsStale() throws IOException {
    // plan() stamps the copy with the record's hash first; this stamps it with another.
    Cli.Run run =
        plan(
            "lab",
            t ->
                t.replaceAll(
                    "\"record_sha256\": \"[0-9a-f]*\"",
                    "\"record_sha256\": \"" + "0".repeat(64) + "\""));
    assertEquals(1, run.code());
    assertTrue(run.err().contains("error[HG720]"), run.err());
  }

  @Test
  void anObservationOfAnotherClusterIsRefused() throws IOException {
    Cli.Run run =
        plan("lab", t -> t.replace("\"cluster\": \"postgres-cluster\"", "\"cluster\": \"shop\""));
    assertEquals(1, run.code());
    assertTrue(run.err().contains("error[HG720]: the observation is of cluster shop"), run.err());
  }

  @Test
  void aStoppedMemberStopsThePlan() throws IOException {
    Cli.Run run =
        plan(
            "lab",
            t -> Observed.AT_THE_BLUEPRINTS_VERSION.apply(Observed.A_REPLICA_STOPPED.apply(t)));
    assertEquals(1, run.code());
    assertTrue(run.err().contains("error[HG721]"), run.err());
    assertTrue(run.err().contains("is Replica, stopped"), run.err());
  }

  @Test
  void aHostThatGaveNothingStopsThePlan() throws IOException {
    Cli.Run run =
        plan(
            "lab",
            t ->
                Observed.AT_THE_BLUEPRINTS_VERSION.apply(
                    t.replaceFirst("\"postgresql\": \\{", "\"postgresql\": null, \"was\": {")));
    assertEquals(1, run.code());
    assertTrue(run.err().contains("error[HG721]"), run.err());
  }

  @Test
  void aDamagedObservationIsADiagnosticNeverATrace() throws IOException {
    for (UnaryOperator<String> damage :
        List.<UnaryOperator<String>>of(
            t -> "not json",
            t -> t.replace("\"format\": 1", "\"format\": 99"),
            t ->
                t.replace(
                    "\\\"name\\\" : \\\"postgres\\\"", "\\\"name\\\" : \\\"x\\\\u001b[31m\\\""))) {
      Cli.Run run = plan("lab", damage);
      assertEquals(1, run.code(), run.err());
      assertTrue(run.err().contains("error[HG911]"), run.err());
      assertFalse(run.err().contains("Exception"), run.err());
      assertFalse(run.err().contains("\u001b"), run.err());
    }
  }

  /** The lab's overlay values as autobase's expressions: a cluster with no drift at all. */
  private static String asRecorded(String t) {
    return Observed.AT_THE_BLUEPRINTS_VERSION.apply(
        t.replace("\"value\": \"6026MB\"", "\"value\": \"256MB\"")
            .replace("\"value\": \"18078MB\"", "\"value\": \"1GB\""));
  }

  @Test
  void aClusterAsRecordedHasNoDriftAndNothingToDo() throws IOException {
    Cli.Run run = plan("lab", DriftPlanTest::asRecorded);
    assertEquals(0, run.code(), run.err() + run.out());
    assertFalse(run.out().contains("drift"), run.out());
  }

  @Test
  void aReplicaLaggingBeyondPatronisBoundStopsThePlan() throws IOException {
    Cli.Run run =
        plan("lab", t -> asRecorded(t.replaceFirst("Lag in MB\\\\\": 0", "Lag in MB\\\\\": 5000")));
    assertEquals(1, run.code(), run.err());
    assertTrue(
        run.err()
            .contains(
                "lags 5000 MB behind the leader, more than Patroni lets a failover take (1 MB)"),
        run.err());
  }

  @Test
  void aRestartPendingThatNoStepMakesStopsThePlan() throws IOException {
    Cli.Run run =
        plan(
            "lab",
            t ->
                asRecorded(
                    t.replaceFirst(
                        "\\\\\"TL\\\\\": 3, \\\\\"Lag",
                        "\\\\\"TL\\\\\": 3, \\\\\"Pending restart\\\\\": \\\\\"*\\\\\", \\\\\"Lag")));
    assertEquals(1, run.code(), run.err());
    assertTrue(
        run.err().contains("is pending a restart that no step of this plan makes"), run.err());
  }

  @Test
  void aVipOnTwoHostsStopsThePlan() throws IOException {
    Cli.Run run =
        plan(
            "lab",
            t ->
                asRecorded(
                    t.replaceFirst(
                        "\"192.168.56.10\",\n", "\"192.168.56.10\",\n \"192.168.56.69\",\n")));
    assertEquals(1, run.code(), run.err());
    assertTrue(
        run.err().contains("the VIP 192.168.56.69 is on 192.168.56.10 and 192.168.56.12"),
        run.err());
  }

  @Test
  void aVipOnNoHostStopsThePlan() throws IOException {
    Cli.Run run = plan("lab", t -> asRecorded(t.replace("\"192.168.56.69\"", "\"192.168.56.70\"")));
    assertEquals(1, run.code(), run.err());
    assertTrue(run.err().contains("no host holds the VIP 192.168.56.69"), run.err());
  }

  /**
   * The lab planned from a blueprint of what it runs (at-15/lab.yml): as deployed nothing drifts;
   * after the seed's hand edits (and the fix HG722 names) exactly those four are listed; after the
   * step hagen planned, ran in the lab, only what the plan keeps or leaves alone remains.
   */
  @Test
  void theLabAtItsOwnVersionFromDeployedToPlannedAway() throws IOException {
    Path blueprint = Observed.FIXTURES.resolve("at-15/lab.yml");
    Path out = tmp.resolve("at-15");
    Cli.Run built = Cli.hagen("build", blueprint.toString(), "-o", out.toString());
    assertEquals(0, built.code(), built.err());
    Path cluster = out.resolve("postgres-cluster");
    java.util.function.Function<String, Cli.Run> planAt =
        name -> {
          try {
            Path file =
                Observed.copy("at-15/" + name, cluster, tmp.resolve(name + ".json"), t -> t);
            return Cli.hagen(
                "plan",
                blueprint.toString(),
                "-o",
                out.toString(),
                "--observed",
                file.toString(),
                "--format",
                "json");
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };
    Cli.Run clean = planAt.apply("clean");
    assertEquals(0, clean.code(), clean.err());
    assertEquals(List.of(), drift(clean));
    Cli.Run edits = planAt.apply("edits");
    assertEquals(1, edits.code());
    assertTrue(edits.out().contains("\"HG722\""), edits.out());
    Cli.Run fixed = planAt.apply("edits-without-patroni-pg-hba");
    assertEquals(2, fixed.code(), fixed.err());
    assertEquals(
        List.of(
            "leader leader: kept",
            "parameter max_connections: planned_away",
            "pg_hba rules: planned_away",
            "user handmade: left"),
        drift(fixed));
    Cli.Run after = planAt.apply("after-the-step");
    assertEquals(List.of("leader leader: kept", "user handmade: left"), drift(after));
    JsonNode steps =
        new ObjectMapper().readTree(after.out()).path("plan").path("clusters").get(0).path("steps");
    assertEquals(0, steps.size(), after.out());
  }
}
