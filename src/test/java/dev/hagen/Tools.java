package dev.hagen;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real programs that consume hagen's output, and hagen itself as a child process. A
 * missing program skips the test loudly on a developer's machine, and fails it in CI (CI=true),
 * where .ci/run installs every one of them. Such a test belongs to the tools tier ({@link #TIER}):
 * in the fast tier, every call here fails, so a test that runs a process and is not tagged says so.
 */
public final class Tools {
  public record Run(int exitCode, String stdout, String stderr) {}

  /**
   * The JUnit tag of the tools tier: {@code mvn -B test -P tools} runs it, {@code mvn -B test}
   * leaves it out.
   */
  public static final String TIER = "tools";

  /**
   * Stand-ins for tools a test cannot run here: bin/ (VBoxManage) and collections/ (the parts of
   * vitabaks.autobase that hagen's playbooks import, with autobase's names and conditions).
   */
  public static final Path STAND_INS = Path.of("src/test/resources/stand-ins").toAbsolutePath();

  public static final Path STAND_IN_COLLECTIONS = STAND_INS.resolve("collections");

  private Tools() {}

  /** Refuses to start a process in the fast tier, where tests stay in-process. */
  private static void inToolsTier(String what) {
    if ("fast".equals(System.getProperty("hagen.tier"))) {
      fail(
          what
              + " runs a process: tag the test @Tag(Tools.TIER), so that it runs in the tools tier");
    }
  }

  /** The command that runs hagen's main class in a child JVM with the test's JDK and classpath. */
  public static List<String> hagenJvm(String... jvmOptions) {
    return hagenJvmOn(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), List.of(jvmOptions));
  }

  /** The same on another {@code java}. */
  public static List<String> hagenJvmOn(String java, List<String> jvmOptions) {
    inToolsTier("a child JVM");
    List<String> command =
        new java.util.ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.hagen.cli.Main"));
    return command;
  }

  public static void require(String program, String debianPackage) {
    inToolsTier("`" + program + "`");
    boolean found =
        System.getenv("PATH") != null
            && java.util.Arrays.stream(System.getenv("PATH").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    if (found) {
      return;
    }
    String message =
        "`"
            + program
            + "` is not installed (Debian package "
            + debianPackage
            + "): this test checks hagen's output with it and cannot run without it";
    if ("true".equals(System.getenv("CI"))) {
      fail("CI must have every tool: " + message);
    }
    System.err.println("SKIPPED: " + message);
    Assumptions.abort(message);
  }

  /** A program installed into the project itself (an npm package); skipped or failed like one. */
  public static void requireInstalled(Path program, String howToInstall) {
    inToolsTier("`" + program + "`");
    if (Files.isExecutable(program)) {
      return;
    }
    String message = program + " is not installed: " + howToInstall;
    if ("true".equals(System.getenv("CI"))) {
      fail("CI must have every tool: " + message);
    }
    System.err.println("SKIPPED: " + message);
    Assumptions.abort(message);
  }

  /** A Vagrant plugin, which validates its provider's options; skipped or failed like a program. */
  public static void requireVagrantPlugin(String plugin, String debianPackage) {
    require("vagrant", "vagrant");
    Run list =
        run(
            Path.of("."),
            Map.of("VAGRANT_CHECKPOINT_DISABLE", "1"),
            null,
            "vagrant",
            "plugin",
            "list");
    if (list.exitCode() == 0 && list.stdout().contains(plugin + " (")) {
      return;
    }
    String message =
        "the Vagrant plugin " + plugin + " is not installed (Debian package " + debianPackage + ")";
    if ("true".equals(System.getenv("CI"))) {
      fail("CI must have every tool: " + message);
    }
    System.err.println("SKIPPED: " + message);
    Assumptions.abort(message);
  }

  public static Run run(Path dir, Map<String, String> env, String stdin, String... command) {
    inToolsTier("`" + command[0] + "`");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
      pb.environment().putAll(env);
      Path out = Files.createTempFile("hagen-tool", ".out");
      Path err = Files.createTempFile("hagen-tool", ".err");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      try (var in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(String.join(" ", command) + " did not finish in 120 s");
      }
      Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return run;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static Run run(Path dir, String... command) {
    return run(dir, Map.of(), null, command);
  }

  /**
   * Every file under {@code dir} (none when it does not exist), by path with '/', with its text.
   */
  public static java.util.SortedMap<String, String> tree(Path dir) throws IOException {
    java.util.SortedMap<String, String> m = new java.util.TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return m;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        m.put(
            dir.relativize(p).toString().replace('\\', '/'),
            Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  /** Copies a tree of files and folders to {@code to}, which must not exist yet. */
  public static void copyTree(Path from, Path to) throws IOException {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** Deletes a tree of files and folders, if it is there. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Writes generated files under {@code dir}, as the emit stage would. */
  public static void write(Path dir, List<dev.hagen.render.GeneratedFile> files)
      throws IOException {
    for (var f : files) {
      Path target = dir.resolve(f.path());
      Files.createDirectories(target.getParent());
      Files.writeString(target, f.content(), StandardCharsets.UTF_8);
    }
  }
}
