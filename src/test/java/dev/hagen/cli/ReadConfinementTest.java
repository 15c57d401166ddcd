package dev.hagen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Blueprints;
import dev.hagen.Tools;
import dev.hagen.blueprint.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hagen reads a blueprint only when it is a regular file inside the folder tree it was named from,
 * reads at most {@link Limits#MAX_BYTES} of it, and never echoes a line of anything else: a pull
 * request cannot make CI print a file from outside its blueprints folder.
 */
class ReadConfinementTest {
  /** What stands for a credential outside the project; it must never appear in any output. */
  static final String CREDENTIAL = "ghp_ExampleTokenThatMustNeverBePrinted";

  @TempDir Path tmp;
  Path project;
  Path blueprints;
  Path outside;

  @BeforeEach
  void layout() throws IOException {
    project = Files.createDirectories(tmp.resolve("project"));
    blueprints = Files.createDirectories(project.resolve("blueprints"));
    outside = tmp.resolve("ci-config.yml");
    Files.writeString(outside, "{\"auths\": {\"registry\": {\"auth\": \"" + CREDENTIAL + "\"}}}\n");
  }

  private Path overlay(String extendsValue) throws IOException {
    Path file = blueprints.resolve("overlay.yml");
    Files.writeString(
        file, "version: 1\nextends: " + extendsValue + "\ncluster: { name: overlay }\n");
    return file;
  }

  /** Every format hagen prints diagnostics in, for one command line: none shows the credential. */
  private List<Cli.Run> everyFormat(String... args) {
    return List.of("text", "json", "sarif").stream()
        .map(
            f -> {
              String[] all = new String[args.length + 1];
              all[0] = args[0];
              all[1] = "--format=" + f;
              System.arraycopy(args, 1, all, 2, args.length - 1);
              Cli.Run run = Cli.hagen(all);
              assertFalse(
                  run.out().contains(CREDENTIAL) || run.err().contains(CREDENTIAL),
                  run.out() + run.err());
              assertFalse(run.err().contains("Exception"), run.err());
              return run;
            })
        .toList();
  }

  @Test
  void extendsThroughDotDotIsRefusedWithoutEchoingTheFile() throws IOException {
    Path file = overlay("../../ci-config.yml");
    List<Cli.Run> runs = everyFormat("validate", file.toString());
    assertEquals(ExitCode.INVALID_BLUEPRINT, runs.get(0).code());
    assertTrue(
        runs.get(0).err().contains(file + ":2:10: error[HG112]: cannot read the base blueprint"),
        runs.get(0).err());
    assertTrue(runs.get(0).err().contains("leads outside"), runs.get(0).err());
  }

  @Test
  void extendsThroughASymlinkIsRefused() throws IOException {
    Files.createSymbolicLink(blueprints.resolve("base.yml"), outside);
    Path file = overlay("base.yml");
    Cli.Run run = everyFormat("validate", file.toString()).get(0);
    assertTrue(run.err().contains("error[HG112]"), run.err());
  }

  @Test
  void extendsOfAnAbsolutePathOutsideIsRefused() throws IOException {
    Cli.Run run = everyFormat("validate", overlay(outside.toString()).toString()).get(0);
    assertTrue(run.err().contains("error[HG112]"), run.err());
  }

  @Test
  void extendsMustNameABlueprintFile() throws IOException {
    for (String bad : List.of("/etc/shadow", "../.git/config", "notes.txt")) {
      Cli.Run run = everyFormat("validate", overlay(bad).toString()).get(0);
      assertTrue(
          run.err()
              .contains("error[HG111]: `extends` must name a blueprint file (*.yml or *.yaml)"),
          run.err());
    }
  }

  @Test
  void aSymlinkedBlueprintInAFolderIsRefusedAndTheRestChecked() throws IOException {
    Files.copy(Blueprints.LAB, blueprints.resolve("lab.yml"));
    Files.createSymbolicLink(blueprints.resolve("evil.yml"), outside);
    Cli.Run run = everyFormat("validate", blueprints.toString()).get(0);
    assertEquals(ExitCode.INVALID_BLUEPRINT, run.code());
    assertTrue(
        run.err()
            .contains(blueprints.resolve("evil.yml") + ": error[HG112]: this path leads outside"),
        run.err());
    assertTrue(
        run.err().endsWith("hagen: 2 blueprints, 1 invalid, 1 error, 0 warnings\n"), run.err());
  }

  @Test
  void aSymlinkNamedOnTheCommandLineIsRefused() throws IOException {
    Path evil = Files.createSymbolicLink(blueprints.resolve("evil.yml"), outside);
    Cli.Run run = everyFormat("validate", evil.toString()).get(0);
    assertTrue(run.err().contains("error[HG112]"), run.err());
  }

  @Test
  void aSymlinkInsideTheRootIsFollowed() throws IOException {
    Files.copy(Blueprints.LAB, blueprints.resolve("lab.yml"));
    Files.createSymbolicLink(blueprints.resolve("same.yml"), blueprints.resolve("lab.yml"));
    Cli.Run run = Cli.hagen("validate", blueprints.resolve("same.yml").toString());
    assertEquals(ExitCode.OK, run.code(), run.err());
  }

  @Test
  @Tag(Tools.TIER)
  void devicesPipesAndHugeFilesAreRefusedInBoundedTimeAndMemory() throws IOException {
    Tools.require("mkfifo", "coreutils");
    Path fifo = blueprints.resolve("pipe.yml");
    assertEquals(0, Tools.run(blueprints, "mkfifo", fifo.toString()).exitCode());
    Path huge = blueprints.resolve("huge.yml");
    Files.write(huge, new byte[Limits.MAX_BYTES + 1]);
    Path zero = Files.createSymbolicLink(blueprints.resolve("zero.yml"), Path.of("/dev/zero"));
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          Cli.Run dev = Cli.hagen("validate", "/dev/zero");
          assertTrue(
              dev.err().contains("/dev/zero: error[HG902]: this is not a regular file"), dev.err());
          Cli.Run pipe = Cli.hagen("validate", fifo.toString());
          assertTrue(pipe.err().contains("error[HG902]: this is not a regular file"), pipe.err());
          Cli.Run big = Cli.hagen("validate", huge.toString());
          assertTrue(
              big.err()
                  .contains("error[HG109]: the file is larger than " + Limits.MAX_BYTES + " bytes"),
              big.err());
          Cli.Run link = Cli.hagen("validate", zero.toString());
          assertTrue(link.err().contains("error[HG112]"), link.err());
          Cli.Run base = Cli.hagen("validate", overlay("pipe.yml").toString());
          assertTrue(
              base.err().contains("error[HG111]: cannot read the base blueprint"), base.err());
        },
        "a device or a pipe never blocks hagen");
  }

  @Test
  void aFileOfHundredsOfThousandsOfMistakesGetsAReadableReport() throws IOException {
    StringBuilder text = new StringBuilder("version: 1\n");
    for (int i = 0; text.length() < Limits.MAX_BYTES - 40; i++) {
      text.append("unknown_key_").append(i).append(": x\n");
    }
    Path file = blueprints.resolve("many.yml");
    Files.writeString(file, text);
    Cli.Run run = Cli.hagen("validate", "--format=json", file.toString());
    var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertEquals(Limits.MAX_DIAGNOSTICS_PER_FILE + 1, doc.path("diagnostics").size());
    var last = doc.path("diagnostics").get(Limits.MAX_DIAGNOSTICS_PER_FILE);
    assertTrue(
        last.path("message")
            .asText()
            .matches(
                "and \\d{5,} more problems in this file \\(\\d+ errors, 0 warnings\\), not shown"),
        last.toString());
    assertEquals("error", last.path("severity").asText());
    assertTrue(run.out().length() < 64 * 1024, "the report is " + run.out().length() + " bytes");
  }

  @Test
  void buildingAFolderSkipsHagensOwnOutputAndHiddenFolders() throws IOException {
    Files.copy(Blueprints.LAB, project.resolve("lab.yml"));
    Path out = project.resolve("generated");
    assertEquals(
        ExitCode.OK,
        Cli.hagen("build", project.resolve("lab.yml").toString(), "-o", out.toString()).code());
    Files.createDirectories(project.resolve(".git"));
    Files.writeString(project.resolve(".git/config.yml"), "not: [a blueprint\n");
    // Also another tool's folder that once held hagen output, named by its manifest.
    Path elsewhere = Files.createDirectories(project.resolve("old-output/orders"));
    Files.writeString(elsewhere.resolve(".hagen-manifest"), "# hagen manifest\n");
    Files.writeString(elsewhere.resolve("inventory.yml"), "all: {hosts: {}}\n");
    Files.move(blueprints, project.resolve("blueprints-moved")); // only lab.yml is a blueprint here
    Cli.Run run = Cli.hagen("build", project.toString(), "-o", out.toString());
    assertEquals(ExitCode.OK, run.code(), run.err());
    assertTrue(run.out().startsWith("postgres-cluster: 11 files"), run.out());
    Cli.Run validate = Cli.hagen("validate", project.toString());
    assertEquals(ExitCode.OK, validate.code(), validate.err());
  }
}
