package dev.hagen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Blueprints;
import dev.hagen.Tools;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine's failures are named as such: a diagnostic with the path and the cause, exit code 74,
 * never "internal error" (70). The full disk and the read-only mount are real: a small tmpfs
 * mounted in a mount namespace of the test's own ({@code unshare -m}), where hagen runs as a child.
 */
class OutputFailureTest {
  @TempDir Path tmp;

  @Test
  void anOutputFolderThatIsAFileIsNamed() throws IOException {
    Path file = tmp.resolve("generated");
    Files.writeString(file, "not a folder\n");
    Cli.Run run = Cli.hagen("build", Blueprints.LAB.toString(), "-o", file.toString());
    assertEquals(ExitCode.IO_ERROR, run.code(), run.err());
    assertTrue(
        run.err()
            .contains(
                file
                    + ": error[HG907]: cannot write or read here: this is a file, and hagen"
                    + " needs a folder here"),
        run.err());
    assertFalse(run.err().contains("internal error"), run.err());
    assertEquals("not a folder\n", Files.readString(file));
  }

  @Test
  void aMissingPermissionIsNamedWithItsPath() {
    var d =
        OutputFailure.diagnostic(new AccessDeniedException("/srv/out/.hagen-lock"), Path.of("."));
    assertEquals("/srv/out/.hagen-lock", d.position().file());
    assertEquals("cannot write or read here: permission denied", d.message());
  }

  /**
   * Runs {@code script} in a mount namespace of its own, with a tmpfs of {@code kib} KiB at $MNT.
   */
  private Tools.Run inMountNamespace(int kib, String script) throws IOException {
    Tools.require("unshare", "util-linux");
    Tools.Run probe =
        Tools.run(tmp, "unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=4k tmpfs " + tmp);
    if (probe.exitCode() != 0) {
      String message =
          "cannot mount a tmpfs in a mount namespace here (needs root): " + probe.stderr().strip();
      System.err.println("SKIPPED: " + message);
      Assumptions.abort(message);
    }
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    String java = String.join(" ", Tools.hagenJvm());
    String setup = "set -u; mount -t tmpfs -o size=" + kib + "k tmpfs \"$MNT\" || exit 90; ";
    return Tools.run(
        Path.of("."),
        Map.of("MNT", mnt.toString(), "HAGEN", java, "LOG", tmp.toString()),
        null,
        "unshare",
        "-m",
        "sh",
        "-c",
        setup + script);
  }

  private String log(String name) throws IOException {
    return Files.readString(tmp.resolve(name));
  }

  @Test
  @Tag(Tools.TIER)
  void aFullDiskIsNamedAndThePreviousTreeStandsWhole() throws IOException {
    Path v2 = Files.createDirectories(tmp.resolve("v2")).resolve("lab.yml");
    Files.writeString(v2, Blueprints.load(Blueprints.LAB).text().replace("cpus: 2", "cpus: 4"));
    Tools.Run run =
        inMountNamespace(
            96,
            String.join(
                "; ",
                "$HAGEN build "
                    + Blueprints.LAB
                    + " -o \"$MNT/out\" -q 2>\"$LOG/first.err\"; echo $? >\"$LOG/first.rc\"",
                "(cd \"$MNT/out/postgres-cluster\" && find . -type f | sort | xargs sha256sum) >\"$LOG/before.sums\"",
                "dd if=/dev/zero of=\"$MNT/filler\" bs=1k 2>/dev/null",
                "$HAGEN build "
                    + v2
                    + " -o \"$MNT/out\" 2>\"$LOG/full.err\"; echo $? >\"$LOG/full.rc\"",
                "(cd \"$MNT/out/postgres-cluster\" && find . -type f | sort | xargs sha256sum) >\"$LOG/after.sums\"",
                "ls -A \"$MNT/out\" >\"$LOG/beside\""));
    assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
    assertEquals("0", log("first.rc").strip(), log("first.err"));
    assertEquals("74", log("full.rc").strip(), log("full.err"));
    assertTrue(
        log("full.err")
            .contains("error[HG907]: cannot write or read here: No space left on device"),
        log("full.err"));
    assertFalse(log("full.err").contains("internal error"), log("full.err"));
    assertEquals(log("before.sums"), log("after.sums"), "the previous tree is exactly as it was");
    assertEquals(
        List.of(".hagen-lock", "postgres-cluster"),
        log("beside").lines().toList(),
        "the unfinished files are cleared away");
  }

  @Test
  @Tag(Tools.TIER)
  void aReadOnlyMountIsNamed() throws IOException {
    Tools.Run run =
        inMountNamespace(
            256,
            String.join(
                "; ",
                "$HAGEN build "
                    + Blueprints.LAB
                    + " -o \"$MNT/out\" -q 2>\"$LOG/first.err\"; echo $? >\"$LOG/first.rc\"",
                "mount -o remount,ro \"$MNT\"",
                "$HAGEN build "
                    + Blueprints.LAB
                    + " -o \"$MNT/fresh\" 2>\"$LOG/ro.err\"; echo $? >\"$LOG/ro.rc\""));
    assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
    assertEquals("0", log("first.rc").strip(), log("first.err"));
    assertEquals("74", log("ro.rc").strip(), log("ro.err"));
    assertTrue(
        log("ro.err")
            .contains("/fresh: error[HG907]: cannot write or read here: Read-only file system"),
        log("ro.err"));
  }
}
