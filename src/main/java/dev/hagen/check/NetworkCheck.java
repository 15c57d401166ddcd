package dev.hagen.check;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.Blueprint.Node;
import dev.hagen.blueprint.Blueprint.VagrantLab;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import inet.ipaddr.IPAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The private network: well-formed addresses inside the CIDR, no clashes, a NIC Linux accepts. */
final class NetworkCheck implements Check {
  /** Linux refuses names longer than 15 bytes (IFNAMSIZ - 1), and '/', ':' and whitespace. */
  private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");

  @Override
  public void run(Blueprint b, Diagnostics d) {
    var where = b.where();
    String cidrText = b.network().cidr();
    Optional<IPAddress> cidr = Addresses.network(cidrText);
    if (cidr.isEmpty()) {
      d.report(
          Code.MALFORMED_CIDR,
          where.at("network.cidr"),
          "`" + cidrText + "` is not an IPv4 network in CIDR notation",
          Addresses.networkOf(cidrText)
              .filter(n -> !n.equals(cidrText))
              .map(n -> "did you mean `" + n + "`?")
              .orElse("write the network address and prefix length, e.g. `192.168.56.0/24`"));
    }

    String iface = b.network().iface();
    if (!INTERFACE.matcher(iface).matches()) {
      d.report(
          Code.INVALID_INTERFACE,
          where.at("network.interface"),
          "`" + iface + "` is not a network interface name Linux accepts",
          "1 to 15 letters, digits, `_`, `.` or `-`, e.g. `enp0s8` or `eth1`");
    }

    b.vagrant()
        .ifPresent(
            lab ->
                lab.provider()
                    .privateNic(lab.box())
                    .filter(nic -> !nic.equals(iface) && INTERFACE.matcher(iface).matches())
                    .ifPresent(
                        nic ->
                            d.report(
                                Code.INTERFACE_MISMATCH,
                                where.at("network.interface"),
                                lab.provider().word()
                                    + " and "
                                    + lab.box()
                                    + " name the private network's NIC `"
                                    + nic
                                    + "`, not `"
                                    + iface
                                    + "`",
                                "set `interface: " + nic + "` (the default for this box)")));

    b.vagrant()
        .filter(VagrantLab::isLibvirt)
        .ifPresent(
            lab -> {
              String text = lab.libvirt().managementNetwork();
              String at = "vagrant.libvirt.management_network";
              Optional<IPAddress> management = Addresses.network(text);
              if (management.isEmpty()) {
                d.report(
                    Code.MALFORMED_CIDR,
                    where.at(at),
                    "`" + text + "` is not an IPv4 network in CIDR notation",
                    "write the network address and prefix length, e.g. `"
                        + Blueprint.DEFAULT_LIBVIRT.managementNetwork()
                        + "`");
              }
              management.ifPresent(
                  m ->
                      cidr.filter(m::overlaps)
                          .ifPresent(
                              net ->
                                  d.report(
                                      Code.MANAGEMENT_OVERLAP,
                                      where.at(where.written(at) ? at : "network.cidr"),
                                      "libvirt's management network "
                                          + m.toCanonicalString()
                                          + " overlaps network.cidr "
                                          + net.toCanonicalString()
                                          + ": each VM would have two NICs on one network",
                                      "pick another private network, or set `vagrant.libvirt.management_network` to a free one")));
            });

    b.vagrant()
        .filter(VagrantLab::virtualbox)
        .ifPresent(
            lab -> {
              cidr.filter(
                      net ->
                          !lab.customHostOnlyRanges()
                              && !VirtualBox.DEFAULT_HOST_ONLY.contains(net))
                  .ifPresent(
                      net ->
                          d.report(
                              Code.HOST_ONLY_RANGE,
                              where.at("network.cidr"),
                              net.toCanonicalString()
                                  + " is outside "
                                  + VirtualBox.DEFAULT_HOST_ONLY.toCanonicalString()
                                  + ", the only host-only range VirtualBox 6.1.28 and later allow by default",
                              "use a network inside "
                                  + VirtualBox.DEFAULT_HOST_ONLY.toCanonicalString()
                                  + ", or allow yours in /etc/vbox/networks.conf and set `vagrant.custom_host_only_ranges: true`"));
            });

    Map<String, String> firstUse = new HashMap<>();
    List<Node> nodes = b.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      String path = "nodes[" + i + "].ip";
      String ip = nodes.get(i).ip();
      checkAddress(d, b, path, ip, "node `" + nodes.get(i).name() + "`", cidr);
      checkHostAdapter(d, b, path, ip, cidr);
      String earlier = firstUse.putIfAbsent(ip, path);
      if (earlier != null) {
        d.report(
            Code.DUPLICATE_IP,
            where.at(path),
            "address " + ip + " is used twice (also at line " + where.at(earlier).line() + ")",
            "give every node its own address");
      }
    }

    b.network()
        .vip()
        .ifPresent(
            vip -> {
              checkAddress(d, b, "network.vip", vip, "the VIP", cidr);
              checkHostAdapter(d, b, "network.vip", vip, cidr);
              String node = firstUse.get(vip);
              if (node != null) {
                d.report(
                    Code.VIP_IS_NODE_IP,
                    where.at("network.vip"),
                    "the VIP "
                        + vip
                        + " is also a node's address (line "
                        + where.at(node).line()
                        + ")",
                    "the VIP moves between balancers: pick a free address in " + cidrText);
              }
            });
  }

  /**
   * VirtualBox gives the host's own host-only adapter the network's first address, and
   * vagrant-libvirt gives it to the host's bridge of the private network.
   */
  private static void checkHostAdapter(
      Diagnostics d, Blueprint b, String path, String text, Optional<IPAddress> cidr) {
    Optional<IPAddress> ip = Addresses.address(text);
    if (b.vagrant().isEmpty() || cidr.isEmpty() || ip.isEmpty()) {
      return;
    }
    IPAddress adapter = cidr.get().getLower().withoutPrefixLength().increment(1);
    if (ip.get().equals(adapter) && cidr.get().getNetworkPrefixLength() < 31) {
      d.report(
          Code.HOST_ADAPTER_ADDRESS,
          b.where().at(path),
          text
              + " is the host's own address on the "
              + b.vagrant().get().provider().word()
              + " private network "
              + cidr.get().toCanonicalString(),
          "start the nodes at " + adapter.increment(1) + " or above");
    }
  }

  private static void checkAddress(
      Diagnostics d, Blueprint b, String path, String text, String what, Optional<IPAddress> cidr) {
    var at = b.where().at(path);
    Optional<IPAddress> ip = Addresses.address(text);
    if (ip.isEmpty()) {
      d.report(
          Code.MALFORMED_IP,
          at,
          "`" + text + "` (" + what + ") is not an IPv4 address",
          "write four decimal numbers without a prefix length, e.g. `192.168.56.10`");
      return;
    }
    if (cidr.isEmpty()) {
      return;
    }
    IPAddress net = cidr.get();
    if (!net.contains(ip.get())) {
      d.report(
          Code.IP_OUTSIDE_CIDR,
          at,
          text + " (" + what + ") is outside network.cidr " + net.toCanonicalString(),
          "use an address in " + net.toCanonicalString() + " or change network.cidr");
    } else if (net.getNetworkPrefixLength() < 31
        && (ip.get().equals(net.getLower().withoutPrefixLength())
            || ip.get().equals(net.getUpper().withoutPrefixLength()))) {
      boolean network = ip.get().equals(net.getLower().withoutPrefixLength());
      d.report(
          Code.RESERVED_ADDRESS,
          at,
          text
              + " ("
              + what
              + ") is the "
              + (network ? "network" : "broadcast")
              + " address of "
              + net.toCanonicalString(),
          "pick an address between "
              // In a lab the first address is the host's own adapter (HG208).
              + net.getLower().increment(b.vagrant().isPresent() ? 2 : 1).withoutPrefixLength()
              + " and "
              + net.getUpper().increment(-1).withoutPrefixLength());
    }
  }
}
