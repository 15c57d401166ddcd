package dev.hagen.check;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.Blueprint.Node;
import dev.hagen.blueprint.Blueprint.VagrantLab;
import dev.hagen.blueprint.Role;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lab: a box name, VMs big enough for what each runs, forwarded SSH ports valid and one per
 * node; and node settings that belong to a lab, or to existing machines, only there.
 */
final class VagrantCheck implements Check {
  static final int MIN_CPUS = 2;
  static final int MAX_CPUS = 64;
  static final int MIN_MEMORY_MB = 1024;

  /** A node with only etcd or HAProxy on it needs far less than one with PostgreSQL. */
  static final int MIN_SMALL_ROLE_MEMORY_MB = 512;

  static final int MIN_VALID_MEMORY_MB = 256;

  @Override
  public void run(Blueprint b, Diagnostics d) {
    var where = b.where();
    b.vagrant()
        .ifPresent(
            lab -> {
              String box = lab.box();
              if (box.isBlank()
                  || box.chars()
                      .anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
                d.report(
                    Code.INVALID_BOX,
                    where.at("vagrant.box"),
                    "the box name must be one word without spaces or control characters",
                    "a Vagrant Cloud name such as `ubuntu/jammy64`, a URL or a path");
              }
              sizes(b, lab, d);
            });
    misplacedNodeSettings(b, d);
    ports(b, d);
  }

  /**
   * Each VM's size, reported where it was set: on the node that overrides it, or once at the lab's
   * size when a node that needs more uses it.
   */
  private static void sizes(Blueprint b, VagrantLab lab, Diagnostics d) {
    var where = b.where();
    boolean labCpusReported = false;
    boolean labMemoryReported = false;
    List<Node> nodes = b.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      boolean postgres = Role.runsPostgres(node.roles());
      String what =
          postgres
              ? "PostgreSQL, Patroni" + (node.has(Role.ETCD) ? " and etcd" : "")
              : "etcd or HAProxy";
      String path = "nodes[" + i + "].";
      Optional<String> own = node.cpus().map(c -> path + "cpus");
      int cpus = node.cpus().orElse(lab.cpus());
      if (own.isPresent() || !labCpusReported) {
        String at = own.orElse("vagrant.cpus");
        boolean reported = true;
        if (cpus < 1 || cpus > MAX_CPUS) {
          d.report(
              Code.INVALID_VALUE,
              where.at(at),
              cpus + " CPUs is not a VM size",
              "give each VM 1 to " + MAX_CPUS + " CPUs");
        } else if (postgres && cpus < MIN_CPUS) {
          d.report(
              Code.SMALL_VM,
              where.at(at),
              "1 CPU for `"
                  + node.name()
                  + "`: "
                  + what
                  + " share it,"
                  + " and heartbeats time out under load (spurious failovers)",
              "give a node with PostgreSQL 2 CPUs");
        } else {
          reported = false;
        }
        labCpusReported |= reported && own.isEmpty();
      }
      Optional<String> ownMemory = node.memoryMb().map(m -> path + "memory_mb");
      int memory = node.memoryMb().orElse(lab.memoryMb());
      int needed = postgres ? MIN_MEMORY_MB : MIN_SMALL_ROLE_MEMORY_MB;
      if (ownMemory.isPresent() || !labMemoryReported) {
        String at = ownMemory.orElse("vagrant.memory_mb");
        boolean reported = true;
        if (memory < MIN_VALID_MEMORY_MB) {
          d.report(
              Code.INVALID_VALUE,
              where.at(at),
              memory + " MiB is not a VM size",
              "give each VM at least " + needed + " MiB");
        } else if (memory < needed) {
          d.report(
              Code.SMALL_VM,
              where.at(at),
              memory + " MiB for `" + node.name() + "` is below what " + what + " need",
              "give it at least " + needed + " MiB" + (postgres ? " (2048 is comfortable)" : ""));
        } else {
          reported = false;
        }
        labMemoryReported |= reported && ownMemory.isEmpty();
      }
    }
  }

  /** A lab VM is reached on its private address; an existing machine has no VM size. */
  private static void misplacedNodeSettings(Blueprint b, Diagnostics d) {
    boolean lab = b.vagrant().isPresent();
    List<Node> nodes = b.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      String path = "nodes[" + i + "].";
      if (lab) {
        for (String key : List.of("ssh_host", "ssh_user", "ssh_private_key")) {
          if (b.where().written(path + key)) {
            d.report(
                Code.MISPLACED_NODE_SETTING,
                b.where().keyAt(path + key),
                "`"
                    + key
                    + "` is for existing machines;"
                    + " Ansible reaches a lab VM at its `ip` with `ssh.user` and `ssh.private_key`",
                "remove it (in an overlay for a lab, `" + key + ": null`)");
          }
        }
      } else {
        for (String key : List.of("cpus", "memory_mb")) {
          if (b.where().written(path + key)) {
            d.report(
                Code.MISPLACED_NODE_SETTING,
                b.where().keyAt(path + key),
                "`" + key + "` sizes a lab VM, and this blueprint has no `vagrant` section",
                "remove it, or add a `vagrant` section");
          }
        }
      }
    }
  }

  /**
   * In a lab, {@code ssh_port} is a host port forwarded to the VM; else the port sshd listens on.
   */
  private static void ports(Blueprint b, Diagnostics d) {
    var where = b.where();
    boolean lab = b.vagrant().isPresent();
    Map<Integer, String> ports = new HashMap<>();
    for (int i = 0; i < b.nodes().size(); i++) {
      String path = "nodes[" + i + "].ssh_port";
      b.nodes()
          .get(i)
          .sshPort()
          .ifPresent(
              port -> {
                if (port < 1 || port > 65535) {
                  d.report(
                      Code.PORT_RANGE,
                      where.at(path),
                      "SSH port " + port + " is outside 1-65535",
                      lab
                          ? "pick a free port between 1024 and 65535"
                          : "give the port sshd listens on (22 by default)");
                  return;
                }
                if (!lab) {
                  return;
                }
                if (port < 1024) {
                  d.report(
                      Code.PRIVILEGED_PORT,
                      where.at(path),
                      "SSH port " + port + " is below 1024: only root may bind it on the host",
                      "pick a port between 1024 and 65535");
                }
                String earlier = ports.putIfAbsent(port, path);
                if (earlier != null) {
                  d.report(
                      Code.DUPLICATE_PORT,
                      where.at(path),
                      "SSH port "
                          + port
                          + " is already forwarded for another node (line "
                          + where.at(earlier).line()
                          + ")",
                      "forward each node's SSH to its own host port");
                }
              });
    }
  }
}
