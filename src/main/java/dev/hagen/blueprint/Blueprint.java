package dev.hagen.blueprint;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A bound blueprint: every field typed, defaults applied. Addresses stay in the user's words here;
 * the check stage proves them well formed before the plan stage computes with them.
 */
public record Blueprint(
    int version,
    Cluster cluster,
    Network network,
    Optional<VagrantLab> vagrant,
    Ssh ssh,
    List<Node> nodes,
    Features features,
    Map<String, Object> autobaseVars,
    BlueprintSource source,
    SourceMap where) {

  public static final int FORMAT_VERSION = 1;

  /** A YAML null inside autobase_vars (a Java null cannot live in an immutable collection). */
  public static final Object YAML_NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /** Features when the blueprint has no {@code features} section. */
  public static final Features DEFAULT_FEATURES = new Features(true, false, false, Set.of());

  /** {@code name}: patroni_cluster_name and the output folder. */
  public record Cluster(String name, int postgresqlVersion, String autobaseVersion) {}

  /** The private network all cluster traffic uses, its NIC inside each guest, and the VIP. */
  public record Network(String cidr, String iface, Optional<String> vip) {}

  /**
   * The lab of VMs; absent for machines that already exist. {@code customHostOnlyRanges}: the
   * user configured /etc/vbox/networks.conf, so VirtualBox's default host-only range does not apply.
   */
  public record VagrantLab(
      String provider, String box, int cpus, int memoryMb, boolean customHostOnlyRanges) {}

  /** How Ansible (and the Vagrantfile's key provisioner) reach the hosts. */
  public record Ssh(String user, String privateKey, String publicKey) {}

  /** {@code tags}: Patroni tags such as nofailover; {@code replicateFrom}: the node it cascades from. */
  public record Node(String name, String ip, Optional<Integer> sshPort, Set<Role> roles, List<String> tags,
      Optional<String> replicateFrom) {
    public boolean has(Role role) {
      return roles.contains(role);
    }
  }

  public record Features(
      boolean haproxy, boolean pgbouncer, boolean synchronousMode, Set<Extension> extensions) {}
}
