package dev.hagen.blueprint;

import dev.hagen.autobase.AutobaseRelease;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The blueprint format as data: every field with its type, default, meaning and the output it
 * drives. The binder takes its keys from here, `hagen schema` turns it into a JSON Schema, and
 * docs/blueprint.md is generated from it, so the format is written down once.
 */
public final class BlueprintFormat {
  /** A field of the format. {@code type}: string, integer, boolean, words (a list of {@code allowed}), object, list (of objects), map. */
  public record Field(String name, String type, boolean required, Object defaultValue, String meaning,
      String drives, List<String> allowed, List<Field> fields) {

    public Optional<Field> field(String key) {
      return fields.stream().filter(f -> f.name().equals(key)).findFirst();
    }

    public List<String> keys() {
      return fields.stream().map(Field::name).toList();
    }
  }

  private static Field scalar(String name, String type, boolean required, Object dflt, String meaning, String drives) {
    return new Field(name, type, required, dflt, meaning, drives, List.of(), List.of());
  }

  private static Field words(String name, String type, boolean required, Object dflt, String meaning, String drives,
      List<String> allowed) {
    return new Field(name, type, required, dflt, meaning, drives, allowed, List.of());
  }

  private static Field object(String name, String type, boolean required, String meaning, String drives, Field... fields) {
    return new Field(name, type, required, null, meaning, drives, List.of(), List.of(fields));
  }

  static final List<String> ROLES = Arrays.stream(Role.values()).map(Role::word).toList();
  /** Here, not in the binder: the format is read while the binder initialises, never the reverse. */
  public static final List<String> PROVIDERS = List.of("virtualbox");
  /** Patroni's boolean member tags. */
  public static final List<String> PATRONI_TAGS = List.of("nofailover", "nosync", "noloadbalance", "nostream");

  public static final Field BLUEPRINT = object("", "object", true, "a blueprint", "",
      words("version", "integer", true, null, "the blueprint format; this hagen reads 1", "", List.of("1")),
      object("cluster", "object", true, "the cluster", "",
          scalar("name", "string", true, null, "the cluster's name: 1-63 letters, digits, `-`, `_`",
              "`patroni_cluster_name`, the output folder, VirtualBox VM names, the removal confirmation"),
          scalar("postgresql_version", "integer", false, BlueprintBinder.DEFAULT_POSTGRESQL_VERSION,
              "PostgreSQL major version, 10-18", "`postgresql_version`"),
          words("autobase_version", "string", false, BlueprintBinder.DEFAULT_AUTOBASE_VERSION,
              "the vitabaks.autobase release", "`ansible/requirements.yml`; which variables `autobase_vars` may set",
              AutobaseRelease.versions())),
      object("network", "object", true, "the private network all cluster traffic uses", "",
          scalar("cidr", "string", true, null, "the network, e.g. `192.168.56.0/24`",
              "checks: every address inside it, not its network or broadcast address"),
          scalar("interface", "string", false, BlueprintBinder.VIRTUALBOX_PRIVATE_NIC,
              "that network's NIC on every host; defaults to `enp0s8` only with a `vagrant` section, required without",
              "`vip_interface` (always written)"),
          scalar("vip", "string", false, null, "the address clients use; keepalived moves it to a healthy balancer",
              "`cluster_vip`; the README's connect commands")),
      object("vagrant", "object", false, "a lab of VMs; leave it out for machines that already exist",
          "the `Vagrantfile` (written only with this section)",
          words("provider", "string", false, PROVIDERS.get(0), "the Vagrant provider", "`node.vm.provider`",
              PROVIDERS),
          scalar("box", "string", false, BlueprintBinder.DEFAULT_BOX, "the base box", "`config.vm.box`"),
          scalar("cpus", "integer", false, BlueprintBinder.DEFAULT_CPUS, "CPUs per VM (a warning below 2)", "provider `cpus`"),
          scalar("memory_mb", "integer", false, BlueprintBinder.DEFAULT_MEMORY_MB, "memory per VM in MiB (a warning below 1024)",
              "provider `memory`"),
          scalar("custom_host_only_ranges", "boolean", false, false,
              "true when /etc/vbox/networks.conf on the host allows `network.cidr` (VirtualBox 6.1.28+ otherwise allows only 192.168.56.0/21)",
              "the HG210 check")),
      object("ssh", "object", true, "how Ansible logs in to the hosts", "`[all:vars]` of the inventory",
          scalar("user", "string", false, BlueprintBinder.VAGRANT_USER,
              "the user Ansible logs in as; defaults to `vagrant` only with a `vagrant` section, required without",
              "`ansible_user`; the Vagrantfile installs the key for this user"),
          scalar("private_key", "string", true, null, "the key Ansible logs in with (no `{{`, `{%`, `{#`)",
              "`ansible_ssh_private_key_file`"),
          scalar("public_key", "string", false, "<private_key>.pub", "its public half, read on the host at `vagrant up`",
              "the Vagrantfile's key provisioner")),
      object("nodes", "list", true, "the machines, in order; the first is Vagrant's `primary`", "every output",
          scalar("name", "string", true, null, "a host name (RFC 1123 label), unique without case",
              "`hostname`, `config.vm.define`, `vm.hostname`; etcd and Patroni member names"),
          scalar("ip", "string", true, null, "its address in `network.cidr`, unique",
              "the inventory host, `bind_address`, the `private_network` ip"),
          scalar("ssh_port", "integer", false, null, "host port forwarded to the VM's SSH (1-65535, unique)",
              "`forwarded_port` with `id: 'ssh'` on 127.0.0.1"),
          words("roles", "words", true, null, "what the node runs: exactly one node is `primary`, at least one `etcd`",
              "inventory groups `master`, `replica`, `etcd_cluster`, `balancers`", ROLES),
          words("tags", "words", false, List.of(), "Patroni tags set to true on this PostgreSQL node: "
              + "`nofailover` (never promoted), `nosync` (never a synchronous standby), `noloadbalance`, `nostream`",
              "`patroni_tags`", PATRONI_TAGS),
          scalar("replicate_from", "string", false, null,
              "cascading replication: the name of the node this replica streams from instead of the leader",
              "`patroni_replicatefrom`")),
      object("features", "object", false, "what the cluster runs besides PostgreSQL", "",
          scalar("haproxy", "boolean", false, true, "HAProxy load balancing (and keepalived for the VIP)",
              "`with_haproxy_load_balancing`"),
          scalar("pgbouncer", "boolean", false, false, "PgBouncer connection pooling", "`pgbouncer_install`"),
          scalar("synchronous_mode", "boolean", false, false, "Patroni synchronous replication", "`synchronous_mode`"),
          words("extensions", "words", false, List.of(), "extensions autobase installs", "the `enable_*` flags",
              Extension.words())),
      object("autobase_vars", "map", false,
          "further variables of the pinned autobase release, passed through as data (strings holding Jinja2 are written `!unsafe`)",
          "the end of `group_vars/all.yml`"));

  private BlueprintFormat() {}

  /** The keys of the section at {@code path} ("" for the top, "nodes" for a node). */
  static List<String> keys(String path) {
    Field f = BLUEPRINT;
    for (String part : path.isEmpty() ? new String[0] : path.split("\\.")) {
      f = f.field(part).orElseThrow();
    }
    return f.keys();
  }
}
