package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./hagen's promises: it maps a class-data archive made for exactly the jar it runs, keyed by the
 * jar's SHA-256 and the JVM's version, so a jar rebuilt or replaced in place, even with its size
 * and time kept, never meets an archive of another jar; the JVM maps the archive it makes; and -v
 * says which JVM and archive it chose. It runs on a copy of the launcher with a small jar, so no
 * Maven build is needed.
 */
@Tag(Tools.TIER)
class LauncherTest {
  @TempDir Path root;

  private static final Path JDK17 = Path.of(System.getProperty("java.home"), "bin", "java");

  @Test
  void aJdk17ArchiveIsKeyedByTheJarAndMapped() throws Exception {
    keyedAndMapped(JDK17, "jsa", "-Xshare:on");
  }

  @Test
  void aJdk25CacheIsKeyedByTheJarAndMapped() throws Exception {
    Path jdk25;
    try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
      jdk25 =
          homes
              .filter(home -> release(home).contains("JAVA_VERSION=\"25"))
              .map(home -> home.resolve("bin/java"))
              .findFirst()
              .orElse(null);
    }
    Assumptions.assumeTrue(jdk25 != null, "no JDK 25 under /usr/lib/jvm");
    keyedAndMapped(jdk25, "aot", "-XX:AOTMode=on");
  }

  /**
   * A run builds the command model of its own subcommand only, and --version none: the classes a
   * JVM loads say so (picocli's model of another command would load that command's class).
   */
  @Test
  void aRunLoadsItsOwnCommandOnly() {
    Tools.Run version = loaded("--version");
    assertEquals(
        "hagen " + Version.VALUE + "\n",
        version
            .stdout()
            .lines()
            .filter(l -> !l.startsWith("["))
            .map(l -> l + "\n")
            .reduce("", String::concat));
    assertFalse(version.stdout().contains(" picocli.CommandLine "), "--version without picocli");
    Tools.Run validate = loaded("validate", Blueprints.LAB.toString());
    assertEquals(0, validate.exitCode(), validate.stderr());
    List<String> commands =
        validate
            .stdout()
            .lines()
            .filter(l -> l.matches(".* dev\\.hagen\\.cli\\.[A-Za-z]+Command source:.*"))
            .map(l -> l.replaceAll(".* dev\\.hagen\\.cli\\.([A-Za-z]+Command) source:.*", "$1"))
            .toList();
    assertEquals(List.of("ValidateCommand"), commands);
  }

  private static Tools.Run loaded(String... args) {
    List<String> command =
        new java.util.ArrayList<>(Tools.hagenJvm("-Xshare:off", "-Xlog:class+load:stdout"));
    command.addAll(List.of(args));
    return Tools.run(Path.of("."), Map.of(), null, command.toArray(String[]::new));
  }

  private void keyedAndMapped(Path java, String kind, String strict) throws Exception {
    project("first");
    Tools.Run first = launch(java, "-v");
    assertEquals(0, first.exitCode(), first.stderr());
    assertEquals("first\n", first.stdout());
    Path archive = archive(kind, sha256(root.resolve("target/hagen.jar")), java);
    assertTrue(Files.isRegularFile(archive), first.stderr());
    assertTrue(first.stderr().contains("making the class-data archive"), first.stderr());
    assertTrue(
        first.stderr().contains("hagen: java " + java + " (")
            && first.stderr().contains(archive.toString()),
        first.stderr());
    assertTrue(
        Files.isRegularFile(root.resolve("target/cds/training.log")), "training kept its log");

    // The JVM really maps it: with the strict flag, a JVM that cannot map it stops.
    List<String> exec = exec(first.stderr());
    Tools.Run strictly = mapped(exec, strict);
    assertEquals(0, strictly.exitCode(), strictly.stderr());

    // A second run reuses it, and a rebuild of the same bytes too.
    Files.setLastModifiedTime(
        root.resolve("target/hagen.jar"), FileTime.fromMillis(System.currentTimeMillis()));
    Tools.Run again = launch(java);
    assertFalse(again.stderr().contains("making"), again.stderr());
    assertEquals(exec, exec(again.stderr()));

    // The jar replaced in place by another of the same size and time: a new archive, the old gone.
    Path jar = root.resolve("target/hagen.jar");
    FileTime time = Files.getLastModifiedTime(jar);
    long size = Files.size(jar);
    byte[] other = jar("other");
    assertEquals(size, other.length, "the replacement has the same size");
    try (OutputStream out = Files.newOutputStream(jar)) {
      out.write(other);
    }
    Files.setLastModifiedTime(jar, time);
    Tools.Run replaced = launch(java);
    assertEquals("other\n", replaced.stdout(), replaced.stderr());
    Path renewed = archive(kind, sha256(jar), java);
    assertTrue(Files.isRegularFile(renewed), replaced.stderr());
    assertFalse(Files.exists(archive), "the old jar's archive is removed");
    assertTrue(exec(replaced.stderr()).contains(archiveFlag(kind, renewed)));
    assertEquals(0, mapped(exec(replaced.stderr()), strict).exitCode());
  }

  /**
   * A project folder as the launcher sees it: sources older than a jar that prints {@code word}.
   */
  private void project(String word) throws Exception {
    Files.copy(Path.of("hagen"), root.resolve("hagen"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.createDirectories(root.resolve("src/main"));
    Files.createDirectories(root.resolve("blueprints"));
    Files.writeString(root.resolve("pom.xml"), "<project/>\n");
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    for (Path p : List.of(root.resolve("pom.xml"), root.resolve("src/main"))) {
      Files.setLastModifiedTime(p, old);
    }
    Files.createDirectories(root.resolve("target"));
    Files.write(root.resolve("target/hagen.jar"), jar(word));
  }

  /** A jar whose main prints {@code word} (a training build's arguments are ignored). */
  private byte[] jar(String word) throws IOException {
    Path src = Files.createDirectories(root.resolve("tiny/" + word));
    Files.writeString(
        src.resolve("Tiny.java"),
        "public class Tiny { public static void main(String[] a) {"
            + " if (a.length == 0 || !a[0].equals(\"build\")) System.out.println(\""
            + word
            + "\"); } }\n");
    assertEquals(
        0,
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "--release",
                "17",
                "-d",
                src.toString(),
                src.resolve("Tiny.java").toString()));
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Tiny");
    var bytes = new java.io.ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
      JarEntry entry = new JarEntry("Tiny.class");
      entry.setTime(0);
      out.putNextEntry(entry);
      out.write(Files.readAllBytes(src.resolve("Tiny.class")));
      out.closeEntry();
    }
    return bytes.toByteArray();
  }

  private Tools.Run launch(Path java, String... args) {
    String[] command =
        Stream.concat(Stream.of(root.resolve("hagen").toString()), Stream.of(args))
            .toArray(String[]::new);
    return Tools.run(
        root, Map.of("HAGEN_JAVA", java.toString(), "HAGEN_PRINT_COMMAND", "1"), null, command);
  }

  private Path archive(String kind, String sha256, Path java) throws IOException {
    String version =
        release(java.toRealPath().getParent().getParent())
            .lines()
            .filter(l -> l.startsWith("JAVA_RUNTIME_VERSION="))
            .map(l -> l.substring(l.indexOf('=') + 1).replace("\"", ""))
            .findFirst()
            .orElseThrow();
    return root.resolve(
        "target/cds/hagen-"
            + sha256.substring(0, 16)
            + "-java-"
            + version.replaceAll("[^A-Za-z0-9._-]", "_")
            + "."
            + kind);
  }

  private static String archiveFlag(String kind, Path archive) {
    return (kind.equals("aot") ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive;
  }

  /** The command line the launcher printed (HAGEN_PRINT_COMMAND), without hagen's arguments. */
  private List<String> exec(String stderr) {
    String line =
        stderr.lines().filter(l -> l.startsWith("exec: ")).reduce((a, b) -> b).orElseThrow();
    List<String> words = List.of(line.substring("exec: ".length()).split(" "));
    return words.subList(0, words.indexOf("-jar") + 2);
  }

  private Tools.Run mapped(List<String> exec, String strict) {
    List<String> command = new java.util.ArrayList<>(exec);
    command.add(1, strict);
    return Tools.run(root, Map.of(), null, command.toArray(String[]::new));
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static String release(Path home) {
    try {
      return Files.readString(home.resolve("release"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
