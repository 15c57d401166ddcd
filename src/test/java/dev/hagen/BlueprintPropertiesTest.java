package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hagen.autobase.AutobaseRelease;
import dev.hagen.blueprint.BlueprintSource;
import dev.hagen.blueprint.Extension;
import dev.hagen.render.GeneratedFile;
import dev.hagen.render.InventoryReader;
import dev.hagen.render.Literals;
import dev.hagen.render.ReadBackAccess;
import dev.hagen.render.RubyReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random blueprints always build, and every file they produce parses back; random damage to a
 * blueprint always ends in diagnostics with a position, never an exception and never a written
 * file. Fixed seeds and bounded tries: jqwik prints the seed and the shrunk input of a failure, and
 * {@code @Property(seed = ...)} replays it.
 */
class BlueprintPropertiesTest {
  static final String SEED = "20261125";

  /** A random valid blueprint. */
  @Provide
  Arbitrary<String> blueprints() {
    Arbitrary<String> name =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .ofMinLength(1)
            .ofMaxLength(12)
            .map(s -> s + "-db");
    Arbitrary<Integer> nodes = Arbitraries.integers().between(1, 9);
    Arbitrary<Integer> octet = Arbitraries.integers().between(56, 63);
    Arbitrary<Boolean> lab = Arbitraries.of(true, false);
    Arbitrary<Long> seed = Arbitraries.longs();
    // Any text a YAML file can hold: every character but the halves of surrogate pairs.
    Arbitrary<String> text =
        Arbitraries.strings().all().ofMaxLength(40).filter(BlueprintPropertiesTest::wellPaired);
    return Combinators.combine(name, nodes, octet, lab, seed, text)
        .as(BlueprintPropertiesTest::blueprint);
  }

  static boolean wellPaired(String s) {
    return s.codePoints().noneMatch(c -> c >= 0xd800 && c <= 0xdfff);
  }

  static String blueprint(String name, int n, int octet, boolean lab, long seed, String freeText) {
    // Key paths are paths: printable, one line, no template markers (the checks refuse the rest).
    String path =
        freeText
            .codePoints()
            .filter(
                c ->
                    c >= 0x20
                        && c != 0x7f
                        && !Character.isISOControl(c)
                        && c != 0x2028
                        && c != 0x2029
                        && c != '{'
                        && c != '%'
                        && c != '#')
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    java.util.Random r = new java.util.Random(seed);
    String net = "192.168." + octet;
    StringBuilder b = new StringBuilder("version: 1\ncluster:\n  name: ").append(name).append('\n');
    b.append("  autobase_version: ")
        .append(AutobaseRelease.versions().get(r.nextInt(AutobaseRelease.versions().size())))
        .append("\n  postgresql_version: ")
        .append(13 + r.nextInt(6))
        .append('\n');
    boolean vip = r.nextBoolean();
    boolean haproxy = r.nextInt(4) > 0;
    b.append("network:\n  cidr: ").append(net).append(".0/24\n");
    if (vip) {
      b.append("  vip: ").append(net).append(".200\n");
    }
    if (lab) {
      b.append("vagrant:\n  cpus: ")
          .append(2 + r.nextInt(3))
          .append("\n  memory_mb: ")
          .append(1024 * (2 + r.nextInt(3)))
          .append('\n');
      b.append("ssh:\n  private_key: ").append(InjectionTest.quoted("~/.ssh/" + path)).append('\n');
    } else {
      b.append("  interface: ")
          .append(List.of("eth1", "ens19", "enp7s0").get(r.nextInt(3)))
          .append('\n');
      b.append("ssh:\n  user: admin\n  private_key: ")
          .append(InjectionTest.quoted("~/" + path))
          .append('\n');
    }
    b.append("nodes:\n");
    int etcd = n >= 5 && r.nextBoolean() ? 5 : Math.min(n, 3);
    for (int i = 0; i < n; i++) {
      List<String> roles = new ArrayList<>();
      roles.add(i == 0 ? "primary" : r.nextInt(5) > 0 ? "replica" : "etcd");
      if (i < etcd && !roles.contains("etcd")) {
        roles.add("etcd");
      }
      if ((vip && haproxy && i == 0) || (haproxy && r.nextBoolean())) {
        roles.add("balancer");
      }
      b.append("  - { name: node-")
          .append(i)
          .append(", ip: ")
          .append(net)
          .append('.')
          .append(10 + i);
      if (lab) {
        b.append(", ssh_port: ").append(20000 + i);
      }
      b.append(", roles: [").append(String.join(", ", roles)).append("] }\n");
    }
    List<String> extensions = new ArrayList<>();
    for (Extension e : Extension.values()) {
      if (r.nextInt(6) == 0) {
        extensions.add(e.word());
      }
    }
    b.append("features:\n  haproxy: ")
        .append(haproxy)
        .append("\n  pgbouncer: ")
        .append(r.nextBoolean())
        .append("\n  synchronous_mode: ")
        .append(r.nextBoolean())
        .append("\n  extensions: [")
        .append(String.join(", ", extensions))
        .append("]\n");
    // Patroni's timing, anywhere inside its rules: ttl >= 20, loop_wait >= 1, retry_timeout >= 3,
    // loop_wait + 2 * retry_timeout <= ttl.
    int ttl = 20 + r.nextInt(20);
    int loopWait = 1 + r.nextInt(5);
    int retry = 3 + r.nextInt((ttl - loopWait) / 2 - 2);
    b.append("patroni: { ttl: ")
        .append(ttl)
        .append(", loop_wait: ")
        .append(loopWait)
        .append(", retry_timeout: ")
        .append(retry)
        .append(" }\n");
    b.append("autobase_vars:\n  patroni_maximum_lag_on_failover: ")
        .append(1 + r.nextInt(1 << 24))
        .append("\n  postgresql_data_dir: ")
        .append(InjectionTest.quoted(freeText))
        .append('\n');
    return b.toString();
  }

  @Property(tries = 200, seed = SEED)
  void randomValidBlueprintsBuildAndEveryFileParsesBack(@ForAll("blueprints") String text) {
    Pipeline.Result result =
        Pipeline.compile(new BlueprintSource("random.yml", "random.yml", text));
    assertTrue(result.ok(), () -> result.diagnostics() + "\n" + text);
    for (GeneratedFile f : result.files()) {
      if (f.path().endsWith(".yml")) {
        ReadBackAccess.yaml(f.content());
      } else if (f.path().endsWith("hosts")) {
        InventoryReader.read(f.content());
      } else if (f.path().equals("Vagrantfile")) {
        RubyReader.literals(f.content());
      }
    }
  }

  /** Damage done to a blueprint's bytes. */
  record Damage(String kind, int at, int length, String value) {
    byte[] apply(byte[] bytes) {
      int pos = Math.floorMod(at, bytes.length + 1);
      String text = new String(bytes, StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
      int line = Math.floorMod(at, lines.size());
      switch (kind) {
        case "truncate":
          return Arrays.copyOf(bytes, pos);
        case "bytes":
          {
            byte[] noise = value.getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = new byte[bytes.length + noise.length];
            System.arraycopy(bytes, 0, out, 0, pos);
            System.arraycopy(noise, 0, out, pos, noise.length);
            System.arraycopy(bytes, pos, out, pos + noise.length, bytes.length - pos);
            return out;
          }
        case "delete-line":
          lines.remove(line);
          break;
        case "duplicate-line":
          lines.add(line, lines.get(line));
          break;
        case "indent":
          lines.set(line, " ".repeat(1 + Math.floorMod(length, 5)) + lines.get(line));
          break;
        case "dedent":
          lines.set(line, lines.get(line).stripLeading());
          break;
        default:
          {
            // swap a value's type: whatever follows the line's first ": " becomes `value`
            String l = lines.get(line);
            int colon = l.indexOf(": ");
            lines.set(line, colon < 0 ? l + value : l.substring(0, colon + 2) + value);
          }
      }
      return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }
  }

  @Provide
  Arbitrary<Damage> damage() {
    Arbitrary<String> kind =
        Arbitraries.of(
            "truncate", "bytes", "delete-line", "duplicate-line", "indent", "dedent", "retype");
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.of(
                "[]",
                "{}",
                "~",
                "123",
                "-1",
                "true",
                "\"x\"",
                "- a",
                "[a, [b]]",
                "{a: {b: c}}",
                "&a x",
                "*a",
                "!!binary eHg=",
                "!custom x",
                "|\n  x",
                "99999999999999999999",
                "0x1F",
                "1e400",
                ".nan"),
            Arbitraries.strings().all().ofMaxLength(12),
            Arbitraries.strings().withCharRange((char) 0, (char) 255).ofMaxLength(12));
    return Combinators.combine(
            kind, Arbitraries.integers(), Arbitraries.integers().between(0, 10), value)
        .as(Damage::new);
  }

  static final Set<String> FILE_LEVEL = Set.of("HG102", "HG109", "HG902");

  @Property(tries = 400, seed = SEED)
  void damagedBlueprintsEndInPositionedDiagnosticsNeverAnException(
      @ForAll("blueprints") String text, @ForAll("damage") Damage damage) throws IOException {
    Path dir = Files.createTempDirectory("hagen-property");
    try {
      Path file = dir.resolve("damaged.yml");
      Files.write(file, damage.apply(text.getBytes(StandardCharsets.UTF_8)));
      Path out = dir.resolve("out");
      StringWriter stdout = new StringWriter();
      StringWriter stderr = new StringWriter();
      int code =
          dev.hagen.cli.Main.run(
              new String[] {"build", "--format", "json", file.toString(), "-o", out.toString()},
              new PrintWriter(stdout),
              new PrintWriter(stderr));
      assertFalse(
          stderr.toString().contains("internal error") || stderr.toString().contains("Exception"),
          stderr.toString());
      if (code == 0) {
        return; // the damage left a valid blueprint (a duplicated comment, say): it builds
      }
      assertEquals(1, code, stderr.toString());
      assertFalse(Files.exists(out), "nothing is written for a blueprint with errors");
      JsonNode report = new ObjectMapper().readTree(stdout.toString());
      assertTrue(report.path("errors").asInt() > 0);
      for (JsonNode d : report.path("diagnostics")) {
        assertTrue(
            d.path("line").asInt() >= 1 || FILE_LEVEL.contains(d.path("code").asText()),
            "a diagnostic without a position: " + d);
      }
    } finally {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  static {
    // The generator must itself stay valid YAML for every free text, or the properties test
    // nothing.
    assertTrue(Literals.yaml("x").startsWith("\""));
  }
}
