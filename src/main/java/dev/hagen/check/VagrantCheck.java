package dev.hagen.check;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import java.util.HashMap;
import java.util.Map;

/** The lab: a box name, VMs big enough, forwarded SSH ports valid and one per node. */
final class VagrantCheck implements Check {
  static final int MIN_CPUS = 2;
  static final int MAX_CPUS = 64;
  static final int MIN_MEMORY_MB = 1024;
  static final int MIN_VALID_MEMORY_MB = 256;

  @Override
  public void run(Blueprint b, Diagnostics d) {
    var where = b.where();
    b.vagrant().ifPresent(lab -> {
      String box = lab.box();
      if (box.isBlank() || box.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
        d.report(Code.INVALID_BOX, where.at("vagrant.box"),
            "the box name must be one word without spaces or control characters",
            "a Vagrant Cloud name such as `ubuntu/jammy64`, a URL or a path");
      }
      if (lab.cpus() < 1 || lab.cpus() > MAX_CPUS) {
        d.report(Code.INVALID_VALUE, where.at("vagrant.cpus"), lab.cpus() + " CPUs is not a VM size",
            "give each VM 2 to " + MAX_CPUS + " CPUs");
      } else if (lab.cpus() < MIN_CPUS) {
        d.report(Code.SMALL_VM, where.at("vagrant.cpus"), "1 CPU per VM: PostgreSQL, Patroni and etcd share it,"
            + " and etcd heartbeats time out under load (spurious failovers)", "give each VM 2 CPUs");
      }
      if (lab.memoryMb() < MIN_VALID_MEMORY_MB) {
        d.report(Code.INVALID_VALUE, where.at("vagrant.memory_mb"), lab.memoryMb() + " MiB is not a VM size",
            "give each VM at least " + MIN_MEMORY_MB + " MiB");
      } else if (lab.memoryMb() < MIN_MEMORY_MB) {
        d.report(Code.SMALL_VM, where.at("vagrant.memory_mb"), lab.memoryMb()
            + " MiB per VM is below what PostgreSQL, Patroni, etcd and HAProxy need together",
            "give each VM at least " + MIN_MEMORY_MB + " MiB (2048 is comfortable)");
      }
    });
    Map<Integer, String> ports = new HashMap<>();
    for (int i = 0; i < b.nodes().size(); i++) {
      String path = "nodes[" + i + "].ssh_port";
      b.nodes().get(i).sshPort().ifPresent(port -> {
        if (port < 1 || port > 65535) {
          d.report(Code.PORT_RANGE, where.at(path), "SSH port " + port + " is outside 1-65535",
              "pick a free port between 1024 and 65535");
          return;
        }
        if (port < 1024) {
          d.report(Code.PRIVILEGED_PORT, where.at(path), "SSH port " + port
              + " is below 1024: only root may bind it on the host", "pick a port between 1024 and 65535");
        }
        String earlier = ports.putIfAbsent(port, path);
        if (earlier != null) {
          d.report(Code.DUPLICATE_PORT, where.at(path), "SSH port " + port
              + " is already forwarded for another node (line " + where.at(earlier).line() + ")",
              "forward each node's SSH to its own host port");
        }
      });
    }
  }
}
