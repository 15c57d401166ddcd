package dev.hagen.check;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.Blueprint.Node;
import dev.hagen.blueprint.Role;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/** Who does what: one primary, names etcd/Patroni/HAProxy can tell apart, a DCS to vote with. */
final class TopologyCheck implements Check {

  /** replicate_from names another PostgreSQL node; tags belong to PostgreSQL nodes. */
  @SuppressWarnings(
      "ReferenceEquality") // the same node, not an equal one: a node may not cascade from itself
  private static void cascading(Blueprint b, Diagnostics d) {
    var where = b.where();
    List<Node> nodes = b.nodes();
    Map<String, Node> byName = new HashMap<>();
    nodes.forEach(n -> byName.putIfAbsent(n.name().toLowerCase(Locale.ROOT), n));
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      String path = "nodes[" + i + "]";
      boolean postgres = Role.runsPostgres(node.roles());
      if (!node.tags().isEmpty() && !postgres) {
        d.report(
            Code.BAD_UPSTREAM,
            where.at(path + ".tags"),
            "node `" + node.name() + "` has Patroni tags but runs no PostgreSQL",
            "remove `tags`, or give it role `replica`");
      }
      node.replicateFrom()
          .ifPresent(
              upstream -> {
                Node source = byName.get(upstream.toLowerCase(Locale.ROOT));
                String at = path + ".replicate_from";
                if (!node.has(Role.REPLICA)) {
                  d.report(
                      Code.BAD_UPSTREAM,
                      where.at(at),
                      "only a replica can replicate from another node; `"
                          + node.name()
                          + "` is not one",
                      "remove `replicate_from`, or make the node a replica");
                } else if (source == null || source == node) {
                  d.report(
                      Code.BAD_UPSTREAM,
                      where.at(at),
                      "`" + upstream + "` is not another node of this cluster",
                      "name the PostgreSQL node this replica streams from, e.g. `replicate_from: "
                          + nodes.get(0).name()
                          + "`");
                } else if (!Role.runsPostgres(source.roles())) {
                  d.report(
                      Code.BAD_UPSTREAM,
                      where.at(at),
                      "`" + upstream + "` runs no PostgreSQL to stream from",
                      "name a node with role `primary` or `replica`");
                }
              });
    }
    List<Node> replicas = nodes.stream().filter(n -> n.has(Role.REPLICA)).toList();
    if (!replicas.isEmpty() && replicas.stream().allMatch(n -> n.tags().contains("nofailover"))) {
      d.report(
          Code.NO_FAILOVER_CANDIDATE,
          where.keyAt("nodes"),
          "every replica is tagged `nofailover`:"
              + " when the leader fails, Patroni can promote none of them",
          "leave `nofailover` off at least one replica");
    }
  }

  /**
   * Synchronous replication: Patroni picks synchronous standbys among replicas not tagged nosync
   * (and, since a cascading replica streams from another replica, not among those either).
   */
  private static void synchronous(Blueprint b, Diagnostics d) {
    var where = b.where();
    var f = b.features();
    if (!f.synchronousMode()) {
      for (String key : List.of("synchronous_mode_strict", "synchronous_node_count")) {
        if (where.written("features." + key)) {
          d.report(
              Code.SYNCHRONOUS_SETTING_UNUSED,
              where.keyAt("features." + key),
              "`" + key + "` has no effect without synchronous replication",
              "set `synchronous_mode: true`, or remove `" + key + "`");
        }
      }
      return;
    }
    long eligible =
        b.nodes().stream()
            .filter(
                n ->
                    n.has(Role.REPLICA)
                        && !n.tags().contains("nosync")
                        && n.replicateFrom().isEmpty())
            .count();
    int count = f.nodeCount();
    String at =
        where.written("features.synchronous_node_count")
            ? "features.synchronous_node_count"
            : "features.synchronous_mode";
    boolean replicas = b.nodes().stream().anyMatch(n -> n.has(Role.REPLICA));
    if (count < 1 || (replicas && count > eligible)) {
      d.report(
          Code.SYNCHRONOUS_COUNT,
          where.at(at),
          count < 1
              ? "synchronous_node_count must be at least 1"
              : count
                  + " synchronous standby"
                  + (count == 1 ? "" : "s")
                  + " asked for, but "
                  + (eligible == 0 ? "no" : "only " + eligible)
                  + " replica"
                  + (eligible == 1 ? " streams" : "s stream")
                  + " from the leader without `nosync`",
          eligible == 0
              ? "leave `nosync` off a replica that streams from the leader"
              : "at most " + eligible + ": add replicas, or lower the count");
    } else if (f.synchronousModeStrict() && eligible == count) {
      d.report(
          Code.SYNCHRONOUS_STRICT_STALL,
          where.at("features.synchronous_mode_strict"),
          "strict synchronous mode with "
              + count
              + " synchronous standby"
              + (count == 1
                  ? " and no spare: while it is down,"
                  : "s and no spare: while one of them is down,")
              + " the leader accepts no writes",
          "add a replica, or accept that writes stop rather than risk losing one");
    }
  }

  /**
   * Patroni refuses, or misbehaves with, timing outside its documented bounds: each problem is
   * said.
   */
  private static void patroniTiming(Blueprint b, Diagnostics d) {
    var p = b.patroni();
    var where = b.where();
    if (p.ttl() < 20) {
      d.report(
          Code.PATRONI_TIMING,
          where.at("patroni.ttl"),
          "a ttl of " + p.ttl() + " s is below Patroni's minimum, 20 s",
          "set `ttl: 20` or more");
    }
    if (p.loopWait() < 1) {
      d.report(
          Code.PATRONI_TIMING,
          where.at("patroni.loop_wait"),
          "loop_wait must be at least 1 s",
          "set `loop_wait: 5`");
    }
    if (p.retryTimeout() < 3) {
      d.report(
          Code.PATRONI_TIMING,
          where.at("patroni.retry_timeout"),
          "retry_timeout must be at least 3 s",
          "set `retry_timeout: 5`");
    }
    if (p.loopWait() + 2 * p.retryTimeout() > p.ttl()) {
      d.report(
          Code.PATRONI_TIMING,
          where.at(where.written("patroni.ttl") ? "patroni.ttl" : "patroni"),
          "loop_wait + 2 * retry_timeout is "
              + (p.loopWait() + 2 * p.retryTimeout())
              + " s, more than the ttl of "
              + p.ttl()
              + " s: a leader could lose its lock while it is still retrying",
          "raise `ttl` to at least "
              + (p.loopWait() + 2 * p.retryTimeout())
              + ", or lower `loop_wait` or `retry_timeout`");
    }
  }

  /** The rules, each a function of the blueprint that reports what it finds. */
  private static final List<Check> RULES =
      List.of(
          TopologyCheck::clusterName,
          TopologyCheck::nodeNamesAndRoles,
          TopologyCheck::cascading,
          TopologyCheck::onePrimary,
          TopologyCheck::etcdQuorum,
          TopologyCheck::balancers,
          TopologyCheck::synchronous,
          TopologyCheck::patroniTiming,
          TopologyCheck::aReplica);

  @Override
  public void run(Blueprint b, Diagnostics d) {
    RULES.forEach(rule -> rule.run(b, d));
  }

  /** Patroni's scope and the output folder's name. */
  private static void clusterName(Blueprint b, Diagnostics d) {
    String cluster = b.cluster().name();
    if (!Grammar.CLUSTER_NAME.matcher(cluster).matches()) {
      d.report(
          Code.INVALID_CLUSTER_NAME,
          b.where().at("cluster.name"),
          "cluster name `" + cluster + "` cannot name a Patroni cluster and a folder",
          "1 to 63 letters, digits, `-` or `_`, starting with a letter or digit");
    }
  }

  /** Names etcd, Patroni and HAProxy can tell apart; no node both primary and replica. */
  private static void nodeNamesAndRoles(Blueprint b, Diagnostics d) {
    var where = b.where();
    List<Node> nodes = b.nodes();
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      String path = "nodes[" + i + "]";
      if (!Grammar.NODE_NAME.matcher(node.name()).matches()) {
        d.report(
            Code.INVALID_NODE_NAME,
            where.at(path + ".name"),
            "node name `" + node.name() + "` is not a valid host name",
            "1 to 63 letters, digits and `-`, not starting or ending with `-`, e.g. `postgresql-1`");
      }
      String earlier = names.putIfAbsent(node.name().toLowerCase(Locale.ROOT), path + ".name");
      if (earlier != null) {
        d.report(
            Code.DUPLICATE_NODE_NAME,
            where.at(path + ".name"),
            "node name `"
                + node.name()
                + "` is already used at line "
                + where.at(earlier).line()
                + " (host names are compared without case)",
            "etcd and Patroni members collide when two hosts share a name: rename one");
      }
      if (node.has(Role.PRIMARY) && node.has(Role.REPLICA)) {
        d.report(
            Code.CONFLICTING_ROLES,
            where.at(path + ".roles"),
            "node `" + node.name() + "` is both primary and replica",
            "keep one of the two roles");
      }
    }
  }

  /** The one host of autobase's `master` group, where the cluster is bootstrapped. */
  private static void onePrimary(Blueprint b, Diagnostics d) {
    List<Node> nodes = b.nodes();
    List<Integer> primaries =
        IntStream.range(0, nodes.size())
            .filter(i -> nodes.get(i).has(Role.PRIMARY))
            .boxed()
            .toList();
    if (primaries.size() != 1) {
      d.report(
          Code.PRIMARY_COUNT,
          primaries.size() > 1
              ? b.where().at("nodes[" + primaries.get(1) + "].roles")
              : b.where().keyAt("nodes"),
          "the cluster needs exactly one node with role `primary`, found " + primaries.size(),
          "autobase bootstraps the cluster on the one host in its `master` group: mark one node `primary`");
    }
  }

  /** A DCS to vote with: etcd needs a majority of its members. */
  private static void etcdQuorum(Blueprint b, Diagnostics d) {
    var where = b.where();
    long etcd = b.nodes().stream().filter(n -> n.has(Role.ETCD)).count();
    if (etcd == 0) {
      d.report(
          Code.NO_ETCD,
          where.keyAt("nodes"),
          "no node has role `etcd`",
          "Patroni keeps its leader lock in etcd: give `etcd` to three nodes");
    } else if (etcd < 3) {
      d.report(
          Code.ETCD_TOO_FEW,
          where.keyAt("nodes"),
          "only "
              + etcd
              + " etcd member"
              + (etcd == 1 ? "" : "s")
              + ": etcd needs a majority, so losing one member loses its quorum, and Patroni then"
              + " demotes the leader (without failsafe_mode): writes stop",
          "give `etcd` to three nodes (or five to survive two failures)");
    } else if (etcd % 2 == 0) {
      d.report(
          Code.ETCD_EVEN,
          where.keyAt("nodes"),
          etcd + " etcd members survive no more failures than " + (etcd - 1) + " do",
          "use an odd number of etcd members: 3, 5 or 7");
    }
  }

  /** A VIP with HAProxy needs balancers to live on; balancers need HAProxy on. */
  private static void balancers(Blueprint b, Diagnostics d) {
    var where = b.where();
    boolean haproxy = b.features().haproxy();
    long balancers = b.nodes().stream().filter(n -> n.has(Role.BALANCER)).count();
    if (b.network().vip().isPresent() && haproxy && balancers == 0) {
      d.report(
          Code.VIP_WITHOUT_BALANCER,
          where.at("network.vip"),
          "the VIP "
              + b.network().vip().get()
              + " has no node to live on: no node has role `balancer`",
          "give `balancer` to the nodes that should run HAProxy and keepalived (usually all of them)");
    }
    if (!haproxy && balancers > 0) {
      d.report(
          Code.BALANCER_WITHOUT_HAPROXY,
          where.at("features.haproxy"),
          balancers
              + " node"
              + (balancers == 1 ? " has" : "s have")
              + " role `balancer`, but features.haproxy is false: nothing will run there",
          "set `haproxy: true`, or remove the `balancer` roles");
    }
  }

  /** Something to fail over to (said only when the primary itself is in order). */
  private static void aReplica(Blueprint b, Diagnostics d) {
    boolean onePrimary = b.nodes().stream().filter(n -> n.has(Role.PRIMARY)).count() == 1;
    if (onePrimary && b.nodes().stream().noneMatch(n -> n.has(Role.REPLICA))) {
      d.report(
          Code.NO_REPLICA,
          b.where().keyAt("nodes"),
          "no node has role `replica`: there is nothing to fail over to",
          "give `replica` to at least one more node");
    }
  }
}
