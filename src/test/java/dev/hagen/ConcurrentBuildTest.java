package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.emit.OutputLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One build at a time per output folder, with real processes: a build waits while another holds the
 * folder's lock and goes on when it is released; with {@code --wait 0} it stops at once with exit
 * code 75; and 100 pairs and 100 triples of builds started together into one folder leave every
 * tree whole, with no false HG903 and no exit 70.
 */
@Tag(Tools.TIER)
class ConcurrentBuildTest {
  @TempDir Path tmp;
  Path out;
  List<Path> versions = new ArrayList<>();
  List<Map<String, String>> trees = new ArrayList<>();

  @BeforeEach
  void blueprints() throws IOException {
    out = tmp.resolve("generated");
    String lab = Blueprints.load(Blueprints.LAB).text();
    for (int cpus : List.of(2, 3, 4)) {
      Path bp = Files.createDirectories(tmp.resolve("v" + cpus)).resolve("lab.yml");
      Files.writeString(bp, lab.replace("cpus: 2", "cpus: " + cpus));
      versions.add(bp);
      trees.add(Blueprints.tree(Pipeline.compile(Blueprints.load(bp))));
    }
  }

  private Process start(Path blueprint, String... options) throws IOException {
    List<String> command = new ArrayList<>(Tools.hagenJvm());
    command.addAll(List.of("build", blueprint.toString(), "-o", out.toString()));
    command.addAll(List.of(options));
    return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static String finish(Process p) throws Exception {
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return err;
  }

  /** The test holds the lock as another build would, by an OS lock on the same file. */
  private FileLock hold() throws IOException {
    Files.createDirectories(out);
    FileChannel channel =
        FileChannel.open(
            out.resolve(OutputLock.FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    return channel.lock();
  }

  @Test
  void aBuildWaitsForTheOneThatHoldsTheFolderThenGoesOn() throws Exception {
    FileLock held = hold();
    Process p = start(versions.get(0));
    BufferedReader err =
        new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    String line = err.readLine(); // blocks until the child says it waits: no sleep, no race
    assertTrue(
        line != null && line.startsWith("hagen: waiting for another hagen run on " + out), line);
    assertTrue(p.isAlive());
    assertEquals(
        Map.of(), Tools.tree(out.resolve("postgres-cluster")), "nothing is written while it waits");
    held.release();
    held.channel().close();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    assertEquals(trees.get(0), Tools.tree(out.resolve("postgres-cluster")));
  }

  @Test
  void withNoWaitABusyFolderStopsTheBuildWithItsOwnExitCode() throws Exception {
    FileLock held = hold();
    Process build = start(versions.get(0), "--wait", "0");
    String err = finish(build);
    assertEquals(75, build.exitValue(), err);
    assertTrue(
        err.contains(
            out.resolve(OutputLock.FILE_NAME)
                + ": error[HG909]: another hagen run holds this lock"),
        err);
    Process check = start(versions.get(0), "--check", "--wait", "0");
    String checkErr = finish(check);
    assertEquals(75, check.exitValue(), "--check takes the lock too: " + checkErr);
    held.release();
    held.channel().close();
    assertFalse(Files.exists(out.resolve("postgres-cluster")));
  }

  @Test
  void hundredsOfBuildsStartedTogetherNeverTearATree() throws Exception {
    int rounds = 0;
    int waited = 0;
    for (int group : List.of(2, 3)) {
      for (int round = 0; round < 100; round++, rounds++) {
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < group; i++) {
          running.add(start(versions.get((round + i) % group)));
        }
        for (Process p : running) {
          String err = finish(p);
          waited += err.contains("waiting for another hagen run") ? 1 : 0;
          assertEquals(0, p.exitValue(), "round " + rounds + ": " + err);
          assertFalse(err.contains("HG903") || err.contains("internal error"), err);
        }
        Map<String, String> now = Tools.tree(out.resolve("postgres-cluster"));
        assertTrue(trees.contains(now), "round " + rounds + " left a torn tree: " + now.keySet());
        try (Stream<Path> beside = Files.list(out)) {
          assertEquals(
              List.of(OutputLock.FILE_NAME, "postgres-cluster"),
              beside.map(p -> p.getFileName().toString()).sorted().toList(),
              "round " + rounds);
        }
      }
    }
    System.err.println(
        "concurrent builds: "
            + rounds
            + " rounds (100 pairs, 100 triples), "
            + waited
            + " builds waited for another, 0 torn trees");
  }
}
