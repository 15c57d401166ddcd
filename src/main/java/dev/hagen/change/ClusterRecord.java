package dev.hagen.change;

import dev.hagen.blueprint.Role;
import dev.hagen.plan.ClusterPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What hagen built for a cluster, kept beside it as {@link #FILE}: the "before" of every plan. Only
 * what a change of the running cluster depends on: its nodes with their roles, addresses and
 * logins, and the settings that a plan refuses to change.
 */
public record ClusterRecord(
    String cluster,
    String blueprint,
    int postgresqlVersion,
    String autobaseVersion,
    String dcs,
    Optional<String> dataDir,
    Optional<String> vip,
    boolean haproxy,
    List<Member> nodes) {

  /** The record's path inside the cluster's folder. */
  public static final String FILE = "hagen-state.yml";

  /** The format of the record; a hagen that reads another refuses it. */
  public static final int FORMAT = 1;

  /** A node as it was built; {@code roles} in {@link Role}'s order. */
  public record Member(String name, String address, List<Role> roles, ClusterPlan.Login login) {
    public boolean has(Role role) {
      return roles.contains(role);
    }

    public boolean postgres() {
      return has(Role.PRIMARY) || has(Role.REPLICA);
    }

    public String roleWords() {
      return roles.stream().map(Role::word).collect(Collectors.joining(", "));
    }
  }

  /** The record of a plan as built now. */
  public static ClusterRecord of(ClusterPlan plan) {
    List<Member> nodes = new ArrayList<>();
    for (ClusterPlan.Host h : plan.hosts()) {
      nodes.add(new Member(h.name(), h.address(), h.roles().stream().sorted().toList(), h.login()));
    }
    Object dataDir = plan.vars().passThrough().get("postgresql_data_dir");
    return new ClusterRecord(
        plan.clusterName(),
        plan.provenance().blueprintFile(),
        Integer.parseInt(String.valueOf(plan.vars().get("postgresql_version"))),
        plan.autobaseVersion(),
        String.valueOf(plan.vars().get("dcs_type")),
        dataDir == null || dataDir == ClusterPlan.YAML_NULL
            ? Optional.empty()
            : Optional.of(String.valueOf(dataDir)).filter(d -> !d.isEmpty()),
        Optional.ofNullable(plan.vars().derived().get("cluster_vip"))
            .map(String::valueOf)
            .filter(v -> !v.isEmpty()),
        Boolean.TRUE.equals(plan.vars().get("with_haproxy_load_balancing")),
        List.copyOf(nodes));
  }

  public Optional<Member> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  public long count(Role role) {
    return nodes.stream().filter(n -> n.has(role)).count();
  }

  /** The record as data, in the order the file writes it: what templates and read-back use. */
  public Map<String, Object> asData() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("cluster", cluster);
    m.put("blueprint", blueprint);
    m.put("postgresql_version", postgresqlVersion);
    m.put("autobase_version", autobaseVersion);
    m.put("dcs", dcs);
    m.put("data_dir", dataDir.orElse(null));
    m.put("vip", vip.orElse(null));
    m.put("haproxy", haproxy);
    List<Object> list = new ArrayList<>();
    for (Member n : nodes) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("name", n.name());
      node.put("address", n.address());
      node.put("roles", n.roles().stream().map(Role::word).toList());
      n.login().host().ifPresent(v -> node.put("ssh_host", v));
      n.login().port().ifPresent(v -> node.put("ssh_port", v));
      n.login().user().ifPresent(v -> node.put("ssh_user", v));
      n.login().privateKeyFile().ifPresent(v -> node.put("ssh_key", v));
      list.add(node);
    }
    m.put("nodes", list);
    return m;
  }
}
