package dev.hagen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Blueprints;
import dev.hagen.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path tmp;

  private Path blueprint(String text) throws IOException {
    Path file = tmp.resolve("bp.yml");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** The files under {@code dir} but the output folder's lock (created once, empty). */
  private static long fileCount(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals(dev.hagen.emit.OutputLock.FILE_NAME))
          .count();
    }
  }

  @Test
  void buildWritesTheTreeAndSaysWhatItDid() throws IOException {
    Path out = tmp.resolve("out");
    Cli.Run o = Cli.hagen("build", Blueprints.LAB.toString(), "-o", out.toString());
    assertEquals(ExitCode.OK, o.code(), o.err());
    assertEquals(
        "postgres-cluster: 11 files in "
            + out.resolve("postgres-cluster")
            + " (11 created, 0 changed, 0 unchanged, 0 removed)\n",
        o.out());
    assertEquals("", o.err());
    assertEquals(
        11, fileCount(out.resolve("postgres-cluster")), "9 files, the record and the manifest");

    Cli.Run again = Cli.hagen("build", Blueprints.LAB.toString(), "-o", out.toString());
    assertTrue(
        again.out().contains("(0 created, 0 changed, 11 unchanged, 0 removed)"), again.out());
  }

  @Test
  void anInvalidBlueprintWritesNothingAndPointsAtTheMistake() throws IOException {
    String text =
        Blueprints.load(Blueprints.BASE).text().replace("vip: 192.168.56.69", "vip: 192.168.56.11");
    Path out = tmp.resolve("out");
    Cli.Run o = Cli.hagen("build", blueprint(text).toString(), "-o", out.toString());
    assertEquals(ExitCode.INVALID_BLUEPRINT, o.code());
    assertEquals(0, fileCount(out));
    String[] lines = o.err().split("\n", -1);
    assertTrue(
        lines[0].matches(
            ".*bp\\.yml:12:8: error\\[HG206\\]: the VIP 192\\.168\\.56\\.11 is also a node's address \\(line 24\\)"),
        lines[0]);
    assertEquals(
        "      vip: 192.168.56.11              # clients use VIP:5000 (read-write), VIP:5001 (read-only)",
        lines[1]);
    assertEquals("           ^", lines[2]);
    assertTrue(lines[3].startsWith("  hint: "), lines[3]);
    assertTrue(o.err().endsWith("1 error, nothing written\n"), o.err());
    assertFalse(o.err().contains("Exception"), o.err());
  }

  @Test
  void aMissingOrBinaryFileIsADiagnosticNotATrace() throws IOException {
    Cli.Run missing = Cli.hagen("build", tmp.resolve("nope.yml").toString(), "-o", tmp.toString());
    assertEquals(ExitCode.INVALID_BLUEPRINT, missing.code());
    assertTrue(missing.err().contains("error[HG902]: no such file"), missing.err());

    Path binary = tmp.resolve("bin.yml");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    Cli.Run bin = Cli.hagen("build", binary.toString(), "-o", tmp.toString());
    assertEquals(ExitCode.INVALID_BLUEPRINT, bin.code());
    assertTrue(bin.err().contains("not UTF-8"), bin.err());
  }

  @Test
  void aFileHagenDidNotWriteIsNeverOverwritten() throws IOException {
    Path out = tmp.resolve("out");
    Path mine = out.resolve("postgres-cluster/ansible/deploy.yml");
    Files.createDirectories(mine.getParent());
    Files.writeString(mine, "# my own playbook\n");
    Cli.Run o = Cli.hagen("build", Blueprints.LAB.toString(), "-o", out.toString());
    assertEquals(ExitCode.OUTPUT_REFUSED, o.code());
    assertTrue(o.err().contains(mine + ": error[HG901]"), o.err());
    assertEquals("# my own playbook\n", Files.readString(mine));
    assertEquals(1, fileCount(out), "nothing else is written either");
  }

  @Test
  void aChangedBlueprintRewritesOnlyWhatChanged() throws IOException {
    Path out = tmp.resolve("out");
    String lab = Blueprints.load(Blueprints.LAB).text();
    assertEquals(
        ExitCode.OK, Cli.hagen("build", blueprint(lab).toString(), "-o", out.toString()).code());
    Path bystander = out.resolve("postgres-cluster/notes.txt");
    Files.writeString(bystander, "mine");
    Cli.Run o =
        Cli.hagen(
            "build", blueprint(lab.replace("cpus: 2", "cpus: 4")).toString(), "-o", out.toString());
    assertEquals(ExitCode.OK, o.code(), o.err());
    // A one-field change changes the files whose content it changes: the Vagrantfile, the README
    // (its table of nodes shows each VM's size), and the manifest (their hashes, the blueprint's).
    assertTrue(o.out().contains("(0 created, 3 changed, 8 unchanged, 0 removed)"), o.out());
    assertTrue(
        Files.readString(out.resolve("postgres-cluster/Vagrantfile")).contains("vm.cpus = 4"));
    Cli.Run v = Cli.hagen("build", "-v", blueprint(lab).toString(), "-o", out.toString());
    assertEquals(
        List.of("  changed Vagrantfile", "  changed README.md", "  changed .hagen-manifest"),
        v.out().lines().filter(l -> l.startsWith("  changed")).toList(),
        v.out());
    assertEquals("mine", Files.readString(bystander));
  }

  @Test
  void versionAndHelp() {
    Cli.Run v = Cli.hagen("--version");
    assertEquals(ExitCode.OK, v.code());
    assertEquals("hagen " + Version.VALUE + "\n", v.out());
    Cli.Run help = Cli.hagen("build", "--help");
    assertEquals(ExitCode.OK, help.code());
    assertTrue(help.out().contains("hagen build blueprints/lab.yml"), help.out());
    Cli.Run wrong = Cli.hagen("build");
    assertEquals(ExitCode.USAGE, wrong.code());
    assertTrue(wrong.err().contains("Missing required parameter"), wrong.err());
  }
}
