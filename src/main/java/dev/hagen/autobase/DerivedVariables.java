package dev.hagen.autobase;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The autobase variables hagen writes itself, each with the blueprint field that drives it. A
 * blueprint's autobase_vars may not set them: the field is the one place to change.
 */
public final class DerivedVariables {
  private static final Map<String, String> FROM = new LinkedHashMap<>();
  private static final java.util.Set<String> EXTENSION_FLAGS = java.util.Arrays
      .stream(dev.hagen.blueprint.Extension.values()).flatMap(e -> e.flags().stream())
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  static {
    FROM.put("patroni_cluster_name", "cluster.name");
    FROM.put("postgresql_version", "cluster.postgresql_version");
    FROM.put("dcs_type", "hagen (always etcd)");
    FROM.put("with_haproxy_load_balancing", "features.haproxy");
    FROM.put("haproxy_listen_port", "hagen (5000 read-write, 5001 read-only, 5002, 5003, 7000 stats)");
    FROM.put("cluster_vip", "network.vip");
    FROM.put("vip_interface", "network.interface");
    FROM.put("pgbouncer_install", "features.pgbouncer");
    FROM.put("synchronous_mode", "features.synchronous_mode");
    FROM.put("synchronous_mode_strict", "features.synchronous_mode_strict");
    FROM.put("synchronous_node_count", "features.synchronous_node_count");
    FROM.put("patroni_ttl", "patroni.ttl");
    FROM.put("patroni_loop_wait", "patroni.loop_wait");
    FROM.put("patroni_retry_timeout", "patroni.retry_timeout");
    FROM.put("bind_address", "nodes[].ip");
    FROM.put("hostname", "nodes[].name");
    FROM.put("postgresql_exists", "hagen (false: a new cluster)");
    FROM.put("ansible_user", "ssh.user");
    FROM.put("ansible_ssh_private_key_file", "ssh.private_key");
    FROM.put("ansible_host", "nodes[].ssh_host");
    FROM.put("ansible_port", "nodes[].ssh_port");
  }

  private DerivedVariables() {}

  /** The blueprint field that drives {@code variable}, when hagen writes it. */
  public static Optional<String> drivenBy(String variable) {
    if (EXTENSION_FLAGS.contains(variable)) {
      return Optional.of("features.extensions");
    }
    return Optional.ofNullable(FROM.get(variable));
  }
}
