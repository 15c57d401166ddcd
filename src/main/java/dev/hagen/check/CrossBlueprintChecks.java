package dev.hagen.check;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import dev.hagen.diagnostic.SourcePosition;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rules across the blueprints of one run: they share one output folder, usually one Vagrant host,
 * and often one network. Each clash is reported on the later blueprint, naming the earlier one.
 * Every rule indexes what it has seen, so the cost grows with the number of nodes, not its square.
 */
public final class CrossBlueprintChecks {
  private CrossBlueprintChecks() {}

  /** A value at a place in one of the blueprints. */
  private record Use(Blueprint blueprint, String path, String value) {
    SourcePosition at() {
      return blueprint.where().at(path);
    }
  }

  /** {@code diagnostics.get(i)} receives the problems of {@code blueprints.get(i)}. */
  // Blueprints are told apart by identity: two files may hold equal blueprints.
  @SuppressWarnings("ReferenceEquality")
  public static void run(List<Optional<Blueprint>> blueprints, List<Diagnostics> diagnostics) {
    Map<String, Use> clusters = new HashMap<>();
    Map<String, Use> addresses = new HashMap<>();
    Map<Integer, Use> ports = new HashMap<>();
    Map<Integer, List<Use>> routerIds = new HashMap<>();
    List<Use> networks = new ArrayList<>();
    for (int i = 0; i < blueprints.size(); i++) {
      if (blueprints.get(i).isEmpty()) {
        continue;
      }
      Blueprint b = blueprints.get(i).get();
      Diagnostics d = diagnostics.get(i);

      Use cluster = new Use(b, "cluster.name", b.cluster().name());
      Use sameName =
          clusters.putIfAbsent(b.cluster().name().toLowerCase(java.util.Locale.ROOT), cluster);
      if (sameName != null) {
        d.report(
            Code.DUPLICATE_CLUSTER,
            cluster.at(),
            "cluster `"
                + b.cluster().name()
                + "` is also the cluster of "
                + sameName.at()
                + ": both would write one output folder",
            "give each blueprint its own cluster.name");
      }

      List<Use> own = new ArrayList<>();
      for (int n = 0; n < b.nodes().size(); n++) {
        own.add(new Use(b, "nodes[" + n + "].ip", b.nodes().get(n).ip()));
      }
      b.network().vip().ifPresent(v -> own.add(new Use(b, "network.vip", v)));
      for (Use use : own) {
        String address = use.value();
        Use earlier = addresses.get(address);
        if (earlier != null && earlier.blueprint() != b) {
          d.report(
              Code.SHARED_ADDRESS,
              use.at(),
              address + " is also used at " + earlier.at(),
              "clusters built together need their own addresses: pick a free one");
        } else {
          addresses.putIfAbsent(address, use);
        }
      }

      // One network may carry several labs; two lab networks that overlap without being the same
      // (a /24 inside a /23) give one Vagrant host's host-only adapter two netmasks, and routes
      // that disagree. Machines that already exist may sit in separate sites with equal ranges.
      Optional<IPAddress> network = Addresses.network(b.network().cidr());
      if (network.isPresent() && b.vagrant().isPresent()) {
        Use use = new Use(b, "network.cidr", b.network().cidr());
        networks.stream()
            .filter(o -> o.blueprint() != b)
            .filter(
                o ->
                    Addresses.network(o.value())
                        .map(n -> n.overlaps(network.get()) && !n.equals(network.get()))
                        .orElse(false))
            .findFirst()
            .ifPresent(
                o ->
                    d.report(
                        Code.OVERLAPPING_NETWORKS,
                        use.at(),
                        "network.cidr "
                            + use.value()
                            + " overlaps "
                            + o.value()
                            + " at "
                            + o.at()
                            + " without being the same network",
                        "clusters built together share a network whole, or use networks apart:"
                            + " make it "
                            + o.value()
                            + ", or pick one that does not overlap"));
        networks.add(use);
      }

      boolean keepalived = b.features().haproxy() && b.network().vip().isPresent();
      Optional<IPAddress> vip = b.network().vip().flatMap(Addresses::address);
      Optional<IPAddress> cidr = Addresses.network(b.network().cidr());
      if (keepalived && vip.isPresent() && cidr.isPresent()) {
        int routerId = vip.get().getSegment(3).getSegmentValue();
        Use use = new Use(b, "network.vip", b.network().vip().get());
        List<Use> sameId = routerIds.computeIfAbsent(routerId, k -> new ArrayList<>());
        sameId.stream()
            .filter(
                o ->
                    Addresses.network(o.blueprint().network().cidr())
                        .map(c -> c.overlaps(cidr.get()))
                        .orElse(false))
            .findFirst()
            .ifPresent(
                o ->
                    d.report(
                        Code.SHARED_ROUTER_ID,
                        use.at(),
                        "keepalived's virtual router id is the VIP's last octet, "
                            + routerId
                            + ", also the id of the VIP at "
                            + o.at()
                            + " on the same network",
                        "VRRP on one network needs distinct ids: pick a VIP with another last octet"));
        sameId.add(use);
      }

      if (b.vagrant().isPresent()) {
        for (int n = 0; n < b.nodes().size(); n++) {
          Optional<Integer> port = b.nodes().get(n).sshPort();
          if (port.isEmpty()) {
            continue;
          }
          Use use = new Use(b, "nodes[" + n + "].ssh_port", port.get().toString());
          Use earlier = ports.get(port.get());
          if (earlier != null && earlier.blueprint() != b) {
            d.report(
                Code.SHARED_HOST_PORT,
                use.at(),
                "host port " + port.get() + " is also forwarded at " + earlier.at(),
                "labs on one host need distinct SSH ports");
          } else {
            ports.putIfAbsent(port.get(), use);
          }
        }
      }
    }
  }
}
