package dev.hagen.plan;

import dev.hagen.blueprint.Role;
import java.util.Collection;
import java.util.Optional;

/**
 * autobase's inventory groups, in the order the inventory writes them, and which roles put a node
 * in each: the one place that knows both. The inventory, the day-2 steps' inventories and the
 * change rules all read it.
 */
public enum AutobaseGroup {
  ETCD_CLUSTER("etcd_cluster", "etcd members (dcs_type: etcd)", Optional.of(Role.ETCD), true),
  CONSUL_INSTANCES(
      "consul_instances", "unused: this cluster keeps its state in etcd", Optional.empty(), false),
  BALANCERS("balancers", "HAProxy (+ keepalived for the VIP)", Optional.of(Role.BALANCER), true),
  MASTER("master", "the one host that bootstraps the cluster", Optional.of(Role.PRIMARY), true),
  REPLICA("replica", "PostgreSQL replicas", Optional.of(Role.REPLICA), false),
  // Written even when empty: autobase's playbooks name the group (remove_cluster's hosts:
  // postgres_cluster:pgbackrest), and an absent one makes Ansible warn.
  PGBACKREST(
      "pgbackrest",
      "pgBackRest's repository host (backup.repository: host): it runs no PostgreSQL",
      Optional.of(Role.BACKUP),
      false);

  /** The group's name in the inventory. */
  public final String group;

  final String comment;

  /** The role that puts a node in the group; none for a group hagen leaves empty. */
  private final Optional<Role> role;

  /** Whether add_node.yml copies configuration from the group's first host. */
  public final boolean copiedFrom;

  AutobaseGroup(String group, String comment, Optional<Role> role, boolean copiedFrom) {
    this.group = group;
    this.comment = comment;
    this.role = role;
    this.copiedFrom = copiedFrom;
  }

  /** The group an inventory names {@code group}. */
  public static java.util.Optional<AutobaseGroup> named(String group) {
    return java.util.Arrays.stream(values()).filter(g -> g.group.equals(group)).findFirst();
  }

  /** Whether a node with {@code roles} is in the group as the cluster is built. */
  public boolean holds(Collection<Role> roles) {
    return role.map(roles::contains).orElse(false);
  }

  /**
   * Whether autobase's remove_node.yml must find a node with {@code roles} in the group: a primary
   * that is removed has been switched away from, so it is listed as a replica, never as master.
   */
  public boolean holdsWhenRemoved(Collection<Role> roles) {
    return switch (this) {
      case MASTER, CONSUL_INSTANCES, PGBACKREST -> false;
      case REPLICA -> Role.runsPostgres(roles);
      default -> holds(roles);
    };
  }

  /** Whether the group's hosts run PostgreSQL (autobase's postgres_cluster). */
  public boolean postgres() {
    return this == MASTER || this == REPLICA;
  }
}
