package dev.hagen.cli;

import dev.hagen.Pipeline;
import dev.hagen.blueprint.BlueprintFormat;
import dev.hagen.blueprint.BlueprintSource;
import dev.hagen.blueprint.Provider;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.render.Literals;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    header = "Writes a starter blueprint that builds as it is.",
    description = {
      "Writes a commented starter blueprint that builds as it is: a VirtualBox lab by default, a"
          + " libvirt/KVM lab (--provider libvirt), or (--provider none) a cluster of machines that"
          + " already exist."
    },
    footer = {
      "%nExamples:",
      "  hagen init                                   # blueprint.yml: 3 VirtualBox VMs on 192.168.56.0/24",
      "  hagen init --nodes 5 --name orders lab.yml",
      "  hagen init --provider libvirt --cidr 10.77.0.0/24 kvm.yml",
      "  hagen init --provider none --cidr 10.20.0.0/24 --interface eth1 prod.yml"
    })
final class InitCommand implements Callable<Integer> {
  static final String SCHEMA_FILE = "blueprint.schema.json";

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "FILE",
      arity = "0..1",
      defaultValue = "blueprint.yml",
      description = "where to write the blueprint (default: ${DEFAULT-VALUE})")
  Path file;

  @Option(
      names = "--name",
      description =
          "the cluster's name, which is also its output folder (default: FILE's"
              + " name without .yml, e.g. `lab` for lab.yml, so that two blueprints made by init never share a folder)")
  String name;

  @Option(
      names = "--nodes",
      defaultValue = "3",
      description = "how many nodes, 1 to 50 (default: ${DEFAULT-VALUE})")
  int nodes;

  @Option(
      names = "--cidr",
      defaultValue = "192.168.56.0/24",
      description = "the private network (default: ${DEFAULT-VALUE})")
  String cidr;

  @Option(
      names = "--provider",
      paramLabel = "PROVIDER",
      defaultValue = "virtualbox",
      completionCandidates = Providers.class,
      description =
          "${COMPLETION-CANDIDATES}: a Vagrant lab on that provider, or none: machines that already"
              + " exist (default: ${DEFAULT-VALUE})")
  String provider;

  /** What --provider accepts: each Vagrant provider hagen knows, and none. */
  static final class Providers implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      List<String> words = new java.util.ArrayList<>(dev.hagen.blueprint.BlueprintFormat.PROVIDERS);
      words.add("none");
      return words.iterator();
    }
  }

  @Option(
      names = "--interface",
      description =
          "the private network's NIC on the hosts (default: enp0s8 on VirtualBox, eth1 on libvirt)")
  String iface;

  @Option(
      names = {"-f", "--force"},
      description = "overwrite FILE if it exists")
  boolean force;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    IPAddress net = new IPAddressString(cidr).getAddress();
    if (net == null || !net.isIPv4() || !net.isPrefixBlock() || net.getNetworkPrefixLength() > 26) {
      err.println(
          "hagen init: --cidr must be an IPv4 network of /26 or larger, e.g. 192.168.56.0/24");
      return ExitCode.USAGE;
    }
    Optional<Provider> lab = Provider.fromWord(provider);
    if (nodes < 1 || nodes > 50 || (lab.isEmpty() && !provider.equals("none"))) {
      err.println(
          "hagen init: --nodes is 1 to 50, --provider is one of "
              + String.join(", ", (Iterable<String>) new Providers()));
      return ExitCode.USAGE;
    }
    if (name == null) {
      String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
      name = stem.matches("[A-Za-z0-9][A-Za-z0-9-]{0,40}") ? stem : "postgres-cluster";
    }
    String key = key();
    String text =
        blueprint(
            net, lab, iface != null ? iface : lab.map(Provider::defaultNic).orElse("eth1"), key);
    // Every value is quoted in the text, so a bad --name or --interface is the checks' to report.
    List<Diagnostic> errors =
        Pipeline.check(
                new BlueprintSource(file.toString(), file.getFileName().toString(), text), false)
            .diagnostics()
            .stream()
            .filter(Diagnostic::isError)
            .toList();
    if (!errors.isEmpty()) {
      errors.forEach(d -> err.println("hagen init: " + d.message() + " (" + d.hint() + ")"));
      return ExitCode.USAGE;
    }
    if (Files.exists(file) && !force) {
      err.println("hagen init: " + file + " exists; nothing written (use --force to overwrite it)");
      return ExitCode.OUTPUT_REFUSED;
    }
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(
        file,
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
    // The schema the modeline names, beside the blueprint, for editor completion; never replaced.
    Path schema = file.toAbsolutePath().resolveSibling(SCHEMA_FILE);
    if (!Files.exists(schema)) {
      Files.writeString(
          schema,
          DiagnosticReport.write(dev.hagen.blueprint.BlueprintSchema.schema()) + "\n",
          StandardCharsets.UTF_8);
    }
    if (!exists(key)) {
      err.println(
          "hagen init: warning: "
              + key
              + " does not exist: Ansible (and, in a lab, Vagrant) will"
              + " need it; make it with: ssh-keygen -t ed25519 -f "
              + key
              + " -N ''");
    }
    spec.commandLine()
        .getOut()
        .println(
            "wrote "
                + file
                + ": "
                + nodes
                + (nodes == 1 ? " node" : " nodes")
                + "; next: hagen explain "
                + file
                + ", then hagen build "
                + file);
    return ExitCode.OK;
  }

  /** The column every comment of the blueprint init writes starts in. */
  private static final int COMMENT_COLUMN = 40;

  /**
   * The keys init may name, the first that exists: a key the user already has is the one to use.
   */
  static final List<String> KEYS = List.of("~/.ssh/id_ed25519", "~/.ssh/id_ecdsa", "~/.ssh/id_rsa");

  /** The first of {@link #KEYS} in the user's home, or the first of them when none is there. */
  private static String key() {
    return KEYS.stream().filter(InitCommand::exists).findFirst().orElse(KEYS.get(0));
  }

  private static boolean exists(String key) {
    return Files.isRegularFile(Path.of(System.getProperty("user.home")).resolve(key.substring(2)));
  }

  /** One line of YAML, its comment (if any) in the comment column. */
  private static String line(String yaml, String comment) {
    if (comment.isEmpty()) {
      return yaml + "\n";
    }
    return yaml + " ".repeat(Math.max(1, COMMENT_COLUMN - yaml.length())) + "# " + comment + "\n";
  }

  private String blueprint(IPAddress net, Optional<Provider> lab, String nic, String key) {
    IPAddress base = net.getLower().withoutPrefixLength();
    StringBuilder b = new StringBuilder();
    b.append("# yaml-language-server: $schema=")
        .append(SCHEMA_FILE)
        .append('\n')
        .append(
            "# A hagen blueprint: a highly available PostgreSQL cluster (Patroni, etcd, HAProxy,\n")
        .append("# keepalived) deployed by the vitabaks.autobase collection. `hagen build ")
        .append(Literals.commentText(file.getFileName().toString()))
        .append("` writes it out;\n")
        .append(
            "# `hagen explain` shows what it will do. docs/blueprint.md describes every field.\n")
        .append(line("version: 1", ""))
        .append(line("cluster:", ""))
        .append(
            line(
                "  name: " + Literals.yamlText(name),
                "Patroni's cluster name and the output folder"))
        .append(line("  postgresql_version: " + dflt("cluster.postgresql_version"), ""))
        .append(
            line(
                "  autobase_version: " + dflt("cluster.autobase_version"),
                "pinned in ansible/requirements.yml"))
        .append(line("network:", ""))
        .append(
            line(
                "  cidr: " + net.toCanonicalString(),
                "the private network all cluster traffic uses"))
        .append(line("  interface: " + Literals.yamlText(nic), "that network's NIC on every host"))
        .append(
            line(
                "  vip: "
                    + (net.getNetworkPrefixLength() <= 24
                        ? base.increment(100)
                        : net.getUpper().withoutPrefixLength().increment(-1)),
                "clients: VIP:5000 read-write, VIP:5001 read-only"));
    if (lab.isPresent()) {
      b.append(line("vagrant:", "leave out for machines that already exist"))
          .append(line("  provider: " + lab.get().word(), ""))
          .append(line("  box: " + lab.get().defaultBox(), ""))
          .append(line("  cpus: " + dflt("vagrant.cpus"), ""))
          .append(line("  memory_mb: " + dflt("vagrant.memory_mb"), ""))
          .append(line("ssh:", ""))
          .append(line("  user: " + dflt("ssh.user"), ""))
          .append(line("  private_key: " + key, "Ansible logs in with it"))
          .append(line("  public_key: " + key + ".pub", "installed in every VM at `vagrant up`"));
    } else {
      b.append(line("ssh:", ""))
          .append(line("  user: admin", "the user Ansible logs in as (with sudo)"))
          .append(line("  private_key: " + key, ""));
    }
    b.append(line("nodes:", "the first is the primary; etcd on the first three"));
    for (int i = 0; i < nodes; i++) {
      String roles = (i == 0 ? "primary" : "replica") + (i < 3 ? ", etcd" : "") + ", balancer";
      // Not <cluster>-N: Vagrant already names the VMs <cluster>-<node>.
      b.append("  - { name: postgresql-")
          .append(i + 1)
          .append(", ip: ")
          .append(base.increment(10 + i));
      if (lab.isPresent()) {
        b.append(", ssh_port: ").append(2200 + i + 1);
      }
      b.append(", roles: [").append(roles).append("] }\n");
    }
    b.append(line("features:", ""))
        .append(line("  haproxy: " + dflt("features.haproxy"), ""))
        .append(line("  pgbouncer: " + dflt("features.pgbouncer"), ""))
        .append(line("  synchronous_mode: " + dflt("features.synchronous_mode"), ""))
        .append(line("  extensions: []", "e.g. [pgvector, postgis]"));
    return b.toString();
  }

  /**
   * A field's default as the blueprint format has it: what init writes is what leaving it out
   * means.
   */
  private static String dflt(String path) {
    return String.valueOf(BlueprintFormat.defaultOf(path));
  }
}
