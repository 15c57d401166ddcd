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
      return Main.USAGE;
    }
    Optional<Provider> lab = Provider.fromWord(provider);
    if (nodes < 1 || nodes > 50 || (lab.isEmpty() && !provider.equals("none"))) {
      err.println(
          "hagen init: --nodes is 1 to 50, --provider is one of "
              + String.join(", ", (Iterable<String>) new Providers()));
      return Main.USAGE;
    }
    if (name == null) {
      String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
      name = stem.matches("[A-Za-z0-9][A-Za-z0-9-]{0,40}") ? stem : "postgres-cluster";
    }
    String text =
        blueprint(net, lab, iface != null ? iface : lab.map(Provider::defaultNic).orElse("eth1"));
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
      return Main.USAGE;
    }
    if (Files.exists(file) && !force) {
      err.println("hagen init: " + file + " exists; nothing written (use --force to overwrite it)");
      return Main.OUTPUT_REFUSED;
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
    return Main.OK;
  }

  private String blueprint(IPAddress net, Optional<Provider> lab, String nic) {
    IPAddress base = net.getLower().withoutPrefixLength();
    StringBuilder b = new StringBuilder();
    b.append("# yaml-language-server: $schema=").append(SCHEMA_FILE).append('\n');
    b.append(
            "# A hagen blueprint: a highly available PostgreSQL cluster (Patroni, etcd, HAProxy, keepalived)\n")
        .append("# deployed by the vitabaks.autobase collection. `hagen build ")
        .append(Literals.commentText(file.getFileName().toString()))
        .append(
            "` writes it out;\n# `hagen explain` shows what it will do. Every field is in the README's blueprint reference.\n")
        .append("version: 1\n")
        .append("cluster:\n")
        .append("  name: ")
        .append(Literals.yamlText(name))
        .append("        # Patroni's cluster name and the output folder\n")
        .append("  postgresql_version: ")
        .append(dflt("cluster.postgresql_version"))
        .append('\n')
        .append("  autobase_version: ")
        .append(dflt("cluster.autobase_version"))
        .append("                # pinned in ansible/requirements.yml\n")
        .append("network:\n")
        .append("  cidr: ")
        .append(net.toCanonicalString())
        .append("           # the private network all cluster traffic uses\n")
        .append("  interface: ")
        .append(Literals.yamlText(nic))
        .append("               # that network's NIC on every host\n")
        .append("  vip: ")
        .append(
            net.getNetworkPrefixLength() <= 24
                ? base.increment(100)
                : net.getUpper().withoutPrefixLength().increment(-1))
        .append("            # clients: VIP:5000 read-write, VIP:5001 read-only\n");
    if (lab.isPresent()) {
      b.append(
              "vagrant:                                # leave out for machines that already exist\n")
          .append("  provider: ")
          .append(lab.get().word())
          .append('\n')
          .append("  box: ")
          .append(lab.get().defaultBox())
          .append('\n')
          .append("  cpus: ")
          .append(dflt("vagrant.cpus"))
          .append('\n')
          .append("  memory_mb: ")
          .append(dflt("vagrant.memory_mb"))
          .append('\n')
          .append("ssh:\n")
          .append("  user: ")
          .append(dflt("ssh.user"))
          .append('\n')
          .append("  private_key: ~/.ssh/id_ed25519          # Ansible logs in with it\n")
          .append(
              "  public_key: ~/.ssh/id_ed25519.pub      # installed in every VM at `vagrant up`\n");
    } else {
      b.append("ssh:\n")
          .append(
              "  user: admin                            # the user Ansible logs in as (with sudo)\n")
          .append("  private_key: ~/.ssh/id_ed25519\n");
    }
    b.append(
        "nodes:                                  # the first is the primary; etcd on the first three\n");
    for (int i = 0; i < nodes; i++) {
      String roles = (i == 0 ? "primary" : "replica") + (i < 3 ? ", etcd" : "") + ", balancer";
      b.append("  - { name: ")
          .append(Literals.yamlText(name + "-" + (i + 1)))
          .append(", ip: ")
          .append(base.increment(10 + i));
      if (lab.isPresent()) {
        b.append(", ssh_port: ").append(2200 + i + 1);
      }
      b.append(", roles: [").append(roles).append("] }\n");
    }
    b.append("features:\n")
        .append("  haproxy: ")
        .append(dflt("features.haproxy"))
        .append('\n')
        .append("  pgbouncer: ")
        .append(dflt("features.pgbouncer"))
        .append('\n')
        .append("  synchronous_mode: ")
        .append(dflt("features.synchronous_mode"))
        .append('\n')
        .append("  extensions: []                        # e.g. [pgvector, postgis]\n");
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
