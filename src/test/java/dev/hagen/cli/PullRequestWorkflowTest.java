package dev.hagen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Blueprints;
import dev.hagen.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hagen as a pull-request check: drift, ownership, atomic swaps, many blueprints, stable bytes. */
class PullRequestWorkflowTest {
  @TempDir Path tmp;
  Path out;
  Path cluster;

  @BeforeEach
  void paths() {
    out = tmp.resolve("generated");
    cluster = out.resolve("postgres-cluster");
  }

  private Path blueprint(String name, String text) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static String lab() {
    return Blueprints.load(Blueprints.LAB).text();
  }

  private static Map<String, String> tree(Path dir) throws IOException {
    return Tools.tree(dir);
  }

  @Test
  void checkPassesOnFreshOutputAndShowsEveryKindOfDrift() throws IOException {
    Path bp = blueprint("lab.yml", lab());
    assertEquals(ExitCode.OK, Cli.hagen("build", bp.toString(), "-o", out.toString()).code());
    Cli.Run fresh = Cli.hagen("build", "--check", bp.toString(), "-o", out.toString());
    assertEquals(ExitCode.OK, fresh.code(), fresh.err());
    assertEquals("", fresh.out());

    // A changed blueprint: changed files, with a unified diff of each.
    Files.writeString(bp, lab().replace("memory_mb: 2048", "memory_mb: 4096"));
    Cli.Run changed = Cli.hagen("build", "--check", bp.toString(), "-o", out.toString());
    assertEquals(ExitCode.STALE, changed.code());
    assertTrue(
        changed
            .out()
            .contains("--- a" + cluster + "/Vagrantfile\n+++ b" + cluster + "/Vagrantfile\n"),
        changed.out());
    assertTrue(
        changed.out().contains("\n-      vm.memory = 2048\n+      vm.memory = 4096\n"),
        changed.out());
    assertTrue(changed.err().contains(cluster + " is stale: 3 changed\n"), changed.err());

    // Without the vagrant section the Vagrantfile is no longer generated: shown as removed.
    Files.writeString(
        bp, lab().replaceAll("(?m)^vagrant:.*\\n(  (provider|box|cpus|memory_mb).*\\n)+", ""));
    Cli.Run removed = Cli.hagen("build", "--check", bp.toString(), "-o", out.toString());
    assertEquals(ExitCode.STALE, removed.code(), removed.err());
    assertTrue(
        removed.out().contains("--- a" + cluster + "/Vagrantfile\n+++ /dev/null\n"), removed.out());

    // A file deleted from the output: shown as missing.
    Files.writeString(bp, lab());
    Files.delete(cluster.resolve("ansible/remove.yml"));
    Cli.Run missing = Cli.hagen("build", "--check", bp.toString(), "-o", out.toString());
    assertEquals(ExitCode.STALE, missing.code());
    assertTrue(
        missing.out().contains("--- /dev/null\n+++ b" + cluster + "/ansible/remove.yml\n"),
        missing.out());
    assertFalse(Files.exists(cluster.resolve("ansible/remove.yml")), "--check writes nothing");
  }

  /**
   * A hand edit is drift like any other: its diff, and the command that fixes it, --force and all.
   */
  @Test
  void checkShowsAHandEditsDiffAndTheCommandThatFixesIt() throws IOException {
    Path bp = blueprint("lab.yml", lab());
    Cli.hagen("build", bp.toString(), "-o", out.toString());
    Path allYml = cluster.resolve("ansible/inventories/group_vars/all.yml");
    Files.writeString(allYml, Files.readString(allYml) + "# note\n");

    Cli.Run text = Cli.hagen("build", "--check", bp.toString(), "-o", out.toString());
    assertEquals(ExitCode.STALE, text.code());
    assertTrue(text.out().contains("--- a" + allYml + "\n+++ b" + allYml + "\n"), text.out());
    assertTrue(text.out().contains("\n-# note\n"), text.out());
    assertTrue(text.err().contains(cluster + " is stale: 1 edited by hand\n"), text.err());
    assertTrue(
        text.err().contains("to fix it: hagen build --force " + bp + " -o " + out), text.err());

    Cli.Run json =
        Cli.hagen("build", "--check", "--format", "json", bp.toString(), "-o", out.toString());
    assertEquals(ExitCode.STALE, json.code());
    var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertFalse(doc.path("up_to_date").asBoolean(true));
    var entry = doc.path("stale").get(0);
    assertEquals(allYml.toString(), entry.path("file").asText());
    assertEquals("edited by hand", entry.path("cause").asText());
    assertTrue(entry.path("diff").asText().contains("\n-# note\n"), entry.toString());
    assertTrue(entry.path("fix").asText().startsWith("hagen build --force "), entry.toString());

    // And the command it names does fix it.
    assertEquals(
        ExitCode.OK, Cli.hagen("build", "--force", bp.toString(), "-o", out.toString()).code());
    Cli.Run clean =
        Cli.hagen("build", "--check", "--format", "json", bp.toString(), "-o", out.toString());
    assertEquals(ExitCode.OK, clean.code(), clean.err());
    var fresh = new com.fasterxml.jackson.databind.ObjectMapper().readTree(clean.out());
    assertTrue(fresh.path("up_to_date").asBoolean(false));
    assertEquals(0, fresh.path("stale").size());
  }

  @Test
  void aRemovedSectionsFilesAreRemovedAndTheUsersStay() throws IOException {
    Path bp = blueprint("lab.yml", lab());
    Cli.hagen("build", bp.toString(), "-o", out.toString());
    Files.createDirectories(cluster.resolve(".vagrant/machines/postgresql-1/virtualbox"));
    Files.writeString(cluster.resolve(".vagrant/machines/postgresql-1/virtualbox/id"), "0b4e");
    Files.writeString(cluster.resolve("ansible/inventories/notes.md"), "mine");

    Files.writeString(
        bp, lab().replaceAll("(?m)^vagrant:.*\\n(  (provider|box|cpus|memory_mb).*\\n)+", ""));
    Cli.Run run = Cli.hagen("build", bp.toString(), "-o", out.toString());
    assertEquals(ExitCode.OK, run.code(), run.err());
    assertTrue(run.out().contains("1 removed"), run.out());
    assertFalse(Files.exists(cluster.resolve("Vagrantfile")));
    assertEquals(
        "0b4e", Files.readString(cluster.resolve(".vagrant/machines/postgresql-1/virtualbox/id")));
    assertEquals("mine", Files.readString(cluster.resolve("ansible/inventories/notes.md")));
  }

  @Test
  void aHandEditIsReportedNotClobbered() throws IOException {
    Path bp = blueprint("lab.yml", lab());
    Cli.hagen("build", bp.toString(), "-o", out.toString());
    Path hosts = cluster.resolve("ansible/inventories/hosts");
    Files.writeString(hosts, Files.readString(hosts) + "10.9.9.9\n");
    Files.writeString(bp, lab().replace("cpus: 2", "cpus: 3"));

    Cli.Run refused = Cli.hagen("build", bp.toString(), "-o", out.toString());
    assertEquals(ExitCode.OUTPUT_REFUSED, refused.code());
    assertTrue(refused.err().contains(hosts + ": error[HG903]"), refused.err());
    assertTrue(Files.readString(hosts).endsWith("10.9.9.9\n"));
    assertTrue(
        Files.readString(cluster.resolve("Vagrantfile")).contains("vm.cpus = 2"),
        "nothing written");

    Cli.Run forced = Cli.hagen("build", "--force", bp.toString(), "-o", out.toString());
    assertEquals(ExitCode.OK, forced.code(), forced.err());
    assertFalse(Files.readString(hosts).contains("10.9.9.9"));
  }

  @Test
  void anotherBlueprintNamingTheSameClusterIsRefusedInALaterRun() throws IOException {
    Path bp = blueprint("lab.yml", lab());
    Path copy = blueprint("copy-of-lab.yml", lab().replace("memory_mb: 2048", "memory_mb: 4096"));
    assertEquals(ExitCode.OK, Cli.hagen("build", bp.toString(), "-o", out.toString()).code());
    Map<String, String> first = tree(cluster);
    Cli.Run second = Cli.hagen("build", copy.toString(), "-o", out.toString());
    assertEquals(ExitCode.OUTPUT_REFUSED, second.code(), second.err());
    assertTrue(
        second
            .err()
            .contains(
                cluster
                    + ": error[HG906]: this folder was built from the blueprint lab.yml,"
                    + " and this build is from copy-of-lab.yml"),
        second.err());
    assertEquals(first, tree(cluster), "the first blueprint's cluster is untouched");
    Cli.Run forced = Cli.hagen("build", "--force", copy.toString(), "-o", out.toString());
    assertEquals(ExitCode.OK, forced.code(), forced.err());
    assertTrue(
        Files.readString(cluster.resolve(".hagen-manifest"))
            .matches("(?s).*\nblueprint [0-9a-f]{64}  copy-of-lab.yml\n.*"));
  }

  @Test
  void aFolderOfBlueprintsGivesOneFolderPerCluster() throws IOException {
    Path dir = tmp.resolve("blueprints");
    Files.createDirectories(dir.resolve("team"));
    Files.copy(Blueprints.LAB, dir.resolve("lab.yml"));
    Files.copy(Blueprints.FIXTURES.resolve("existing-machines.yml"), dir.resolve("team/prod.yaml"));
    Files.writeString(dir.resolve("README.txt"), "not a blueprint");
    Cli.Run run = Cli.hagen("build", dir.toString(), "-o", out.toString());
    assertEquals(ExitCode.OK, run.code(), run.err());
    try (Stream<Path> clusters = Files.list(out)) {
      assertEquals(
          List.of(".hagen-lock", "postgres-cluster", "prod-db"),
          clusters.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals(
        ExitCode.OK, Cli.hagen("build", "--check", dir.toString(), "-o", out.toString()).code());
  }

  // --- killed builds ------------------------------------------------------------------------

  private static String java17() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * hagen, run as a child process, halts (as a kill would: no clean-up, no finally) right after
   * each step of its write in turn: every staged file, the journal, every rename and deletion. Each
   * time, before the journal the folder is exactly the previous tree; the user's files are never
   * touched; and the next build finishes the job, leaving nothing beside the folder.
   */
  @Test
  @Tag(Tools.TIER)
  void aBuildHaltedAtEveryStepNeverLosesOrTearsAnything() throws Exception {
    Path v1 = blueprint("lab.yml", lab());
    Path pristine = tmp.resolve("pristine");
    assertEquals(ExitCode.OK, Cli.hagen("build", v1.toString(), "-o", pristine.toString()).code());
    Path pristineCluster = pristine.resolve("postgres-cluster");
    Files.createDirectories(pristineCluster.resolve(".vagrant"));
    Files.writeString(pristineCluster.resolve(".vagrant/id"), "vm");
    Files.writeString(pristineCluster.resolve("ansible/mine.txt"), "mine");
    Map<String, String> before = tree(pristineCluster);
    Files.writeString(v1, lab().replace("cpus: 2", "cpus: 4"));
    Path expectedDir = tmp.resolve("expected");
    Cli.hagen("build", v1.toString(), "-o", expectedDir.toString());
    Map<String, String> after = tree(expectedDir.resolve("postgres-cluster"));
    after.put(".vagrant/id", "vm");
    after.put("ansible/mine.txt", "mine");

    int committed = 0;
    int step = 1;
    for (; ; step++) {
      List<String> command =
          new ArrayList<>(Tools.hagenJvm("-D" + BuildCommand.HALT_PROPERTY + "=" + step));
      command.addAll(List.of("build", v1.toString(), "-o", out.toString()));
      int code = runChild(command, pristine);
      if (code == ExitCode.OK) {
        assertEquals(after, tree(cluster), "a build that was not halted wrote everything");
        break;
      }
      assertEquals(ExitCode.HALTED, code, Files.readString(tmp.resolve("child.log")));
      boolean journal = Files.exists(out.resolve(".postgres-cluster.hagen-journal"));
      committed += journal ? 1 : 0;
      if (!journal) {
        assertEquals(
            before,
            tree(cluster),
            "halted after step " + step + ", before the commit: nothing changed");
      }
      Cli.Run check = Cli.hagen("build", "--check", v1.toString(), "-o", out.toString());
      assertEquals(
          ExitCode.STALE, check.code(), "--check sees the interrupted build: " + check.err());
      Cli.Run finish = Cli.hagen("build", v1.toString(), "-o", out.toString());
      assertEquals(ExitCode.OK, finish.code(), finish.err());
      assertEquals(
          after,
          tree(cluster),
          "after a halt at step " + step + ", the next build finishes the job");
      try (Stream<Path> beside = Files.list(out)) {
        assertEquals(List.of(out.resolve(".hagen-lock"), cluster), beside.sorted().toList());
      }
    }
    System.err.println(
        "halted builds: "
            + (step - 1)
            + " (every write step), "
            + committed
            + " of them after the commit");
    assertTrue(
        committed > 0 && committed < step - 1, "halts landed both before and after the commit");
  }

  /** Resets the output to {@code pristine}, runs the child to its end, returns its exit code. */
  private int runChild(List<String> command, Path pristine) throws Exception {
    resetOutput(pristine);
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child finished");
    return p.exitValue();
  }

  private void resetOutput(Path pristine) throws IOException {
    Tools.deleteTree(out);
    Tools.copyTree(pristine, out);
  }

  // --- the same bytes everywhere -----------------------------------------------------------

  @Test
  @Tag(Tools.TIER)
  void sameBytesAcrossRunsJdksLocalesAndTimeZones() throws Exception {
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("two");
    List<String> args = List.of("build", "blueprints/", Blueprints.FIXTURES.toString(), "-o");
    Tools.Run first =
        Tools.run(
            Path.of("."),
            Map.of("TZ", "UTC", "LC_ALL", "C.UTF-8"),
            null,
            concat(Tools.hagenJvmOn(java17(), List.of("-Duser.language=en")), args, one));
    assertEquals(0, first.exitCode(), first.stderr());
    String java25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";
    String other = Files.isExecutable(Path.of(java25)) ? java25 : java17();
    if (other.equals(java17())) {
      System.err.println(
          "SKIPPED part: no JDK 25 at " + java25 + "; comparing two runs of JDK 17 instead");
    }
    Tools.Run second =
        Tools.run(
            Path.of("."),
            Map.of("TZ", "Pacific/Chatham", "LC_ALL", "tr_TR.UTF-8"),
            null,
            concat(
                Tools.hagenJvmOn(
                    other,
                    List.of(
                        "-Duser.language=tr",
                        "-Duser.country=TR",
                        "-Duser.timezone=Pacific/Chatham",
                        "-Dfile.encoding=ISO-8859-9")),
                args,
                two));
    assertEquals(0, second.exitCode(), second.stderr());
    Map<String, String> a = tree(one);
    assertEquals(
        Blueprints.all().size(),
        a.keySet().stream().filter(k -> k.endsWith(".hagen-manifest")).count(),
        a.keySet().toString());
    assertEquals(a, tree(two));
    for (String path : a.keySet()) {
      assertTrue(
          Arrays.equals(
              Files.readAllBytes(one.resolve(path)), Files.readAllBytes(two.resolve(path))),
          path);
    }
  }

  private static String[] concat(List<String> jvm, List<String> args, Path last) {
    List<String> all = new ArrayList<>(jvm);
    all.addAll(args);
    all.add(last.toString());
    return all.toArray(String[]::new);
  }
}
