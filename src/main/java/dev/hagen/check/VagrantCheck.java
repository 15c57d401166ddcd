package dev.hagen.check;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import java.util.HashMap;
import java.util.Map;

/** The lab's forwarded SSH ports: valid, and one per node. */
final class VagrantCheck implements Check {
  @Override
  public void run(Blueprint b, Diagnostics d) {
    var where = b.where();
    b.vagrant().ifPresent(lab -> {
      String box = lab.box();
      if (box.isBlank() || box.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
        d.report(Code.INVALID_VALUE, where.at("vagrant.box"),
            "the box name must be one word without spaces or control characters",
            "a Vagrant Cloud name such as `ubuntu/jammy64`, a URL or a path");
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
