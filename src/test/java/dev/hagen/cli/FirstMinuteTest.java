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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A new user's first minute: init, explain, build, completion. */
class FirstMinuteTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({
    "virtualbox, 1, 192.168.56.0/24",
    "virtualbox, 3, 192.168.60.0/24",
    "none, 5, 10.20.0.0/24",
    "none, 7, 172.16.4.0/26",
    "libvirt, 3, 10.77.0.0/24"
  })
  void initWritesABlueprintThatBuildsWithoutWarnings(String provider, int nodes, String cidr)
      throws IOException {
    Path file = tmp.resolve("blueprint.yml");
    Cli.Run init =
        Cli.hagen(
            "init", "--provider", provider, "--nodes", "" + nodes, "--cidr", cidr, file.toString());
    assertEquals(ExitCode.OK, init.code(), init.err());
    Cli.Run build =
        Cli.hagen(
            "build",
            nodes >= 3 ? "--strict" : "--format=text",
            file.toString(),
            "-o",
            tmp.resolve("out").toString());
    assertEquals(ExitCode.OK, build.code(), build.err());
    Path vagrantfile =
        tmp.resolve("out/blueprint/Vagrantfile"); // the cluster is named after the file
    assertEquals(!provider.equals("none"), Files.exists(vagrantfile));
    if (Files.exists(vagrantfile)) {
      assertTrue(
          Files.readString(vagrantfile).contains("node.vm.provider '" + provider + "'"), provider);
    }
  }

  @Test
  void initNamesTheClusterAfterTheFileSoTwoBlueprintsNeverShareAFolder() throws IOException {
    assertEquals(ExitCode.OK, Cli.hagen("init", tmp.resolve("orders.yml").toString()).code());
    assertEquals(
        ExitCode.OK,
        Cli.hagen("init", "--cidr", "192.168.57.0/24", tmp.resolve("billing.yml").toString())
            .code());
    assertTrue(
        Files.readString(tmp.resolve("orders.yml")).contains("\n  name: orders "),
        Files.readString(tmp.resolve("orders.yml")));
    for (String file :
        List.of("orders.yml", "billing.yml")) { // separate runs: no cross-blueprint check
      Cli.Run build =
          Cli.hagen("build", tmp.resolve(file).toString(), "-o", tmp.resolve("out").toString());
      assertEquals(ExitCode.OK, build.code(), build.err());
    }
    assertTrue(
        Files.isDirectory(tmp.resolve("out/orders"))
            && Files.isDirectory(tmp.resolve("out/billing")));
  }

  @Test
  void initChecksTheNameItIsGiven() {
    for (String bad : List.of("#{x}", "a b", "../up", "{{ x }}")) {
      Cli.Run run = Cli.hagen("init", "--name", bad, tmp.resolve("bad.yml").toString());
      assertEquals(ExitCode.USAGE, run.code(), run.err());
      assertTrue(
          run.err().startsWith("hagen init: cluster name `" + bad + "`"), bad + ": " + run.err());
      assertFalse(run.err().contains("YAML"), run.err());
      assertFalse(Files.exists(tmp.resolve("bad.yml")));
    }
  }

  @Test
  void initNeverOverwritesUnlessTold() throws IOException {
    Path file = tmp.resolve("mine.yml");
    Files.writeString(file, "my blueprint\n");
    Cli.Run refused = Cli.hagen("init", file.toString());
    assertEquals(ExitCode.OUTPUT_REFUSED, refused.code());
    assertEquals("my blueprint\n", Files.readString(file));
    assertEquals(ExitCode.OK, Cli.hagen("init", "--force", file.toString()).code());
    assertTrue(
        Files.readString(file)
            .startsWith(
                "# yaml-language-server: $schema=blueprint.schema.json\n# A hagen blueprint"));
    assertTrue(Files.exists(tmp.resolve("blueprint.schema.json")), "the schema the modeline names");
    assertEquals(
        ExitCode.USAGE,
        Cli.hagen("init", "--cidr", "192.168.56.0/30", "--force", file.toString()).code());
  }

  /** explain names every PostgreSQL setting the blueprint declares, and when each takes effect. */
  @Test
  void explainShowsTheBlueprintsPostgresqlSettings() throws IOException {
    Path shop = Path.of("blueprints/shop-lab.yml");
    Cli.Run text = Cli.hagen("explain", shop.toString());
    assertEquals(ExitCode.OK, text.code(), text.err());
    for (String line :
        List.of(
            "  max_connections                300                                      takes effect on restart",
            "  work_mem                       32MB                                     takes effect on reload",
            "  user shop                      password from HAGEN_USER_SHOP_PASSWORD at run time",
            "  user reporting                 no login",
            "  database shop",
            "  pool shop -> shop (transaction)",
            "  tls on, netdata on (listens: private)",
            "  postgresql_parameters          86 entries (all.yml has each)")) {
      assertTrue(
          text.out().contains(line + "\n") || text.out().contains(line + " "),
          line + "\n" + text.out());
    }
    JsonNode pg =
        new ObjectMapper()
            .readTree(Cli.hagen("explain", "--format", "json", shop.toString()).out())
            .path("postgresql");
    assertEquals("restart", pg.path("parameters").path(0).path("takes_effect").asText());
    assertTrue(pg.path("parameters").path(3).path("value").isNull(), "a removed parameter");
    assertEquals(
        "HAGEN_USER_SHOP_PASSWORD", pg.path("users").path(0).path("password_from").asText());
    assertEquals(19999, pg.path("ports").path(pg.path("ports").size() - 1).path("port").asInt());
  }

  @Test
  void explainShowsHostsAndWhereEachVariableComesFrom() throws IOException {
    Cli.Run text = Cli.hagen("explain", Blueprints.BASE.toString());
    assertEquals(ExitCode.OK, text.code(), text.err());
    assertTrue(
        text.out()
            .contains(
                "192.168.56.10   hostname=postgresql-1         groups=etcd_cluster,balancers,master"
                    + "  ansible=vagrant@192.168.56.10:22  vagrant ssh=127.0.0.1:6996  (Vagrant's primary)"),
        text.out());
    assertTrue(
        text.out().matches("(?s).*vip_interface +enp0s8 +<- network.interface, line 11\n.*"),
        text.out());

    JsonNode json =
        new ObjectMapper()
            .readTree(Cli.hagen("explain", "--format", "json", Blueprints.LAB.toString()).out());
    assertEquals(3, json.path("hosts").size());
    assertEquals("192.168.56.11", json.path("hosts").path(1).path("bind_address").asText());
    JsonNode iface = null;
    for (JsonNode v : json.path("variables")) {
      if (v.path("name").asText().equals("vip_interface")) {
        iface = v;
      }
    }
    assertEquals(11, iface.path("line").asInt());

    Path noIface = tmp.resolve("default-nic.yml");
    Files.writeString(
        noIface, Blueprints.load(Blueprints.LAB).text().replaceAll("(?m)^  interface:.*\\n", ""));
    Cli.Run defaulted = Cli.hagen("explain", noIface.toString());
    assertTrue(
        defaulted
            .out()
            .matches("(?s).*vip_interface +enp0s8 +<- default \\(network.interface not set\\)\n.*"),
        defaulted.out());

    Cli.Run invalid =
        Cli.hagen("explain", CorpusTest.INVALID.resolve("27-vip-is-node-ip.yml").toString());
    assertEquals(ExitCode.INVALID_BLUEPRINT, invalid.code());
    assertTrue(invalid.err().contains("error[HG206]"), invalid.err());
  }

  @Test
  void completionAndVerboseAndQuiet() throws IOException {
    Cli.Run completion = Cli.hagen("completion");
    assertEquals(ExitCode.OK, completion.code());
    assertTrue(
        completion.out().contains("complete -F _complete_hagen"),
        completion.out().substring(0, 200));
    assertTrue(completion.out().contains("explain"));

    Cli.Run verbose = Cli.hagen("build", "-v", Blueprints.LAB.toString(), "-o", tmp.toString());
    assertTrue(verbose.out().contains("\n  created ansible/inventories/hosts\n"), verbose.out());
    Cli.Run quiet = Cli.hagen("build", "-q", Blueprints.LAB.toString(), "-o", tmp.toString());
    assertEquals("", quiet.out());
    assertEquals(ExitCode.OK, quiet.code());
  }

  /** `hagen --help` sums each command up in one whole sentence on one line. */
  @Test
  void helpSumsEachCommandUpInOneLine() {
    String help = Cli.hagen("--help").out();
    List<String> commands =
        help.lines()
            .dropWhile(l -> !l.equals("Commands:"))
            .skip(1)
            .takeWhile(l -> !l.isBlank())
            .toList();
    assertEquals(8, commands.size(), help);
    for (String line : commands) {
      assertTrue(line.matches("  [a-z]+ +[A-Z].*\\."), "a summary cut short or wrapped: " + line);
    }
  }

  /** A command's help is wrapped to the width, not hard-wrapped into ragged lines. */
  @Test
  void helpTextIsWrappedNotRagged() {
    List<String> lines = Cli.hagen("help", "build").out().lines().toList();
    List<String> description =
        lines.stream()
            .dropWhile(l -> !l.startsWith("Checks each BLUEPRINT"))
            .takeWhile(l -> !l.startsWith("      "))
            .toList();
    for (int i = 0; i + 1 < description.size(); i++) {
      if (!description.get(i + 1).isBlank() && !description.get(i).isBlank()) {
        assertTrue(description.get(i).length() >= 60, "a ragged line: " + description.get(i));
      }
    }
    assertTrue(description.size() > 6, lines.toString());
  }

  @Test
  void completionOffersTheProviders() {
    assertTrue(Cli.hagen("completion").out().contains("(\"virtualbox\" \"libvirt\" \"none\")"));
    assertTrue(
        Cli.hagen("help", "init").out().contains("virtualbox, libvirt, none: a Vagrant lab"),
        Cli.hagen("help", "init").out());
  }

  @Test
  void validateCountsWarnings() throws IOException {
    Path file = tmp.resolve("warned.yml");
    Files.writeString(
        file,
        Blueprints.load(Blueprints.BASE)
            .text()
            .replace("features:\n  haproxy: true", "features:\n  haproxy: false"));
    Cli.Run run = Cli.hagen("validate", file.toString());
    assertEquals(ExitCode.OK, run.code(), run.err());
    assertTrue(
        run.err().endsWith("hagen: 1 blueprint, 0 invalid, 0 errors, 1 warning\n"), run.err());
  }

  /** What init writes points at the docs that exist, lines its comments up, and names VMs once. */
  @Test
  void initsBlueprintReadsWell() throws IOException {
    Path file = tmp.resolve("my-lab.yml");
    assertEquals(ExitCode.OK, Cli.hagen("init", file.toString()).code());
    String text = Files.readString(file);
    assertTrue(text.contains("docs/blueprint.md describes every field"), text);
    assertTrue(Files.isRegularFile(Path.of("docs/blueprint.md")));
    for (String line : text.lines().filter(l -> !l.startsWith("#") && l.contains(" # ")).toList()) {
      assertEquals(40, line.indexOf(" # ") + 1, "a comment out of line: " + line);
    }
    assertEquals(
        ExitCode.OK,
        Cli.hagen("build", file.toString(), "-o", tmp.resolve("out").toString()).code());
    String vagrantfile = Files.readString(tmp.resolve("out/my-lab/Vagrantfile"));
    assertTrue(vagrantfile.contains("my-lab-postgresql-1"), vagrantfile);
    assertFalse(vagrantfile.contains("my-lab-my-lab"), vagrantfile);
  }

  /** init names a key the user has, and says how to make one when there is none. */
  @Test
  void initNamesAnExistingKeyOrSaysHowToMakeOne() throws IOException {
    String home = System.getProperty("user.home");
    try {
      System.setProperty("user.home", tmp.resolve("home").toString());
      Files.createDirectories(tmp.resolve("home/.ssh"));
      Cli.Run none = Cli.hagen("init", tmp.resolve("a.yml").toString());
      assertTrue(
          none.err().contains("hagen init: warning: ~/.ssh/id_ed25519 does not exist"), none.err());
      assertTrue(
          none.err().contains("ssh-keygen -t ed25519 -f ~/.ssh/id_ed25519 -N ''"), none.err());
      Files.writeString(tmp.resolve("home/.ssh/id_rsa"), "a key\n");
      Cli.Run rsa = Cli.hagen("init", tmp.resolve("b.yml").toString());
      assertEquals("", rsa.err());
      assertTrue(Files.readString(tmp.resolve("b.yml")).contains("  private_key: ~/.ssh/id_rsa "));
    } finally {
      System.setProperty("user.home", home);
    }
  }
}
