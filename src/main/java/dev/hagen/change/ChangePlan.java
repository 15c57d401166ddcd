package dev.hagen.change;

import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.plan.ClusterPlan;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a blueprint changes in a cluster that was built before, and the steps that make the change
 * on the running cluster, in the order they must run. Empty for a cluster built for the first time
 * and for a blueprint that changes nothing a plan has to carry out.
 */
public record ChangePlan(List<Change> changes, List<Step> steps, List<Diagnostic> diagnostics) {

  public static final ChangePlan NONE = new ChangePlan(List.of(), List.of(), List.of());

  /** The folder of the cluster's tree that every step's command runs from. */
  public static final String RUN_FROM = "ansible";

  /** The folder, inside {@link #RUN_FROM}, that holds the steps' files. */
  public static final String FOLDER = "plan";

  /** The same folder as a prefix of paths in the cluster's tree. */
  public static final String TREE_FOLDER = RUN_FROM + "/" + FOLDER + "/";

  /** Whether the running cluster has steps to take before the record may follow the blueprint. */
  public boolean pending() {
    return !steps.isEmpty();
  }

  public long count(Action action) {
    return changes.stream().filter(c -> c.action() == action).count();
  }

  /** Terraform's symbols: {@code +} add, {@code -} remove, {@code ~} change in place. */
  public enum Action {
    ADD("+"),
    REMOVE("-"),
    CHANGE("~");

    private final String symbol;

    Action(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One difference between the record and the blueprint, in the user's words. */
  public record Change(Action action, String subject, String detail) {}

  /** What a step does to a service: {@code how} is reload or restart (or stop). */
  public record Restart(String service, String how, List<String> hosts, String order) {}

  /** What kind of step: which playbook template it is written from. */
  public enum Kind {
    ADD_NODES("add"),
    REMOVE_NODE("remove"),
    ETCD_ENDPOINTS("etcd-endpoints"),
    BALANCERS("balancers"),
    PATRONI("patroni"),
    SETTINGS("settings"),
    USERS("users"),
    UPGRADE_CHECK("upgrade-check"),
    UPGRADE("upgrade");

    private final String slug;

    Kind(String slug) {
      this.slug = slug;
    }

    public String slug() {
      return slug;
    }
  }

  /**
   * One step: a playbook hagen writes under ansible/plan/, and the one command that runs it from
   * the cluster's ansible/ folder. {@code targets}: the hosts it adds or removes; {@code
   * inventory}: the extra inventory it reads beside inventories/hosts (new_node=true on the new
   * hosts; the removed host, which the blueprint no longer has); {@code hosts}: every host it
   * touches; {@code data}: what its playbook is written with beyond the cluster's plan (the values
   * a configuration step waits for and checks).
   */
  public record Step(
      int number,
      Kind kind,
      Action action,
      String title,
      String playbook,
      String file,
      Optional<String> inventory,
      String command,
      List<String> hosts,
      List<ClusterPlan.Host> targets,
      List<ClusterPlan.InventoryGroup> inventoryGroups,
      List<Restart> restarts,
      String interruption,
      boolean destructive,
      Optional<String> confirmation,
      Map<String, Object> data) {

    /** The playbook's path in the cluster's tree ({@code file} is relative to RUN_FROM). */
    public String treeFile() {
      return RUN_FROM + "/" + file;
    }

    /** The extra inventory's path in the cluster's tree, when the step has one. */
    public Optional<String> treeInventory() {
      return inventory.map(i -> RUN_FROM + "/" + i);
    }

    /** Every file of this step, as paths in the cluster's tree. */
    public List<String> treePaths() {
      return java.util.stream.Stream.concat(
              java.util.stream.Stream.of(treeFile()), treeInventory().stream())
          .toList();
    }
  }
}
