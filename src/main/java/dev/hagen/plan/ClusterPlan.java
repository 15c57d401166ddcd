package dev.hagen.plan;

import dev.hagen.blueprint.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stage 4's result: everything the output says, decided. Templates only lay it out; every value
 * here is already resolved (defaults applied, groups computed, variables derived).
 */
public record ClusterPlan(
    Provenance provenance,
    String clusterName,
    String networkCidr,
    String autobaseVersion,
    List<Host> hosts,
    List<InventoryGroup> groups,
    Connection connection,
    GroupVars vars,
    Optional<Lab> lab,
    ClientAccess access,
    List<Secret> secrets) {

  /** Which hagen and which blueprint produced the output: goes into every file's header. */
  public record Provenance(String hagenVersion, String blueprintFile, String blueprintSha256) {}

  /** A machine of the cluster. {@code address} is its private IP: the inventory key and bind_address. */
  /** {@code patroniTags}: autobase's "k=v,k=v" form, empty for none; {@code replicateFrom}: a host name. */
  public record Host(String name, String address, Optional<Integer> sshPort, Set<Role> roles,
      boolean vagrantPrimary, String patroniTags, Optional<String> replicateFrom) {

    public boolean isPrimary() {
      return roles.contains(Role.PRIMARY);
    }

    public boolean isReplica() {
      return roles.contains(Role.REPLICA);
    }

    public boolean isBalancer() {
      return roles.contains(Role.BALANCER);
    }

    public String roleWords() {
      return String.join(", ", roles.stream().map(Role::word).toList());
    }
  }

  /** An autobase inventory group and its hosts, in blueprint order; may be empty. */
  public record InventoryGroup(String name, String comment, List<Host> hosts, boolean postgres) {}

  /** {@code [all:vars]}: how Ansible logs in. */
  public record Connection(String user, String privateKeyFile) {}

  /** The Vagrant lab. */
  public record Lab(
      String provider, String box, int cpus, int memoryMb, String publicKeyFile, String sshUser) {}

  /** Where clients connect: the VIP when there is one, else each balancer. */
  public record ClientAccess(List<String> addresses, int readWritePort, int readOnlyPort, boolean viaVip) {}

  /** A password autobase needs, looked up from the controller's environment at run time. */
  public record Secret(String variable, String environmentVariable, String purpose) {

    public String lookup() {
      return "{{ lookup('ansible.builtin.env', '" + environmentVariable + "', default='') }}";
    }
  }

  /** group_vars/all.yml, in the order it is written; passThrough is the blueprint's autobase_vars. */
  public record GroupVars(
      String patroniClusterName,
      int postgresqlVersion,
      boolean withHaproxyLoadBalancing,
      Map<String, Integer> haproxyListenPort,
      String clusterVip,
      String vipInterface,
      boolean pgbouncerInstall,
      boolean synchronousMode,
      Map<String, Boolean> extensionFlags,
      Map<String, Object> passThrough) {

    /**
     * The variables hagen derives from the blueprint, by name, in the order all.yml writes them
     * (the secrets' lookups and the pass-through variables come after them).
     */
    public Map<String, Object> derived() {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("patroni_cluster_name", patroniClusterName);
      m.put("postgresql_version", postgresqlVersion);
      m.put("dcs_type", "etcd");
      m.put("with_haproxy_load_balancing", withHaproxyLoadBalancing);
      m.put("haproxy_listen_port", haproxyListenPort);
      m.put("cluster_vip", clusterVip);
      m.put("vip_interface", vipInterface);
      m.put("pgbouncer_install", pgbouncerInstall);
      m.put("synchronous_mode", synchronousMode);
      m.putAll(extensionFlags);
      return m;
    }
  }
}
