package dev.hagen.steps;

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
public record ChangePlan(
    List<Change> changes, List<Step> steps, List<Diagnostic> diagnostics, List<Drifted> drift) {

  public static final ChangePlan NONE = new ChangePlan(List.of(), List.of(), List.of());

  /** A plan made from the record alone: no observation, so no drift. */
  public ChangePlan(List<Change> changes, List<Step> steps, List<Diagnostic> diagnostics) {
    this(changes, steps, diagnostics, List.of());
  }

  /**
   * A difference between the running cluster (observe.yml's observation) and the record, and what
   * the plan does with it: {@code recorded} and {@code observed} in words.
   */
  public record Drifted(
      Subject subject, String name, String recorded, String observed, Disposition disposition) {

    public Drifted(Subject subject, String name, String recorded, String observed) {
      this(subject, name, recorded, observed, Disposition.REFUSED);
    }

    public Drifted as(Disposition d) {
      return new Drifted(subject, name, recorded, observed, d);
    }

    /** What differs, in the user's words. */
    public enum Subject {
      MEMBER(
          "member",
          "find out what happened (patronictl list); make the members what the record says by"
              + " hand, then observe again"),
      LEADER("leader", ""),
      ETCD(
          "etcd",
          "find out what happened (etcdctl member list); make the members what the record says"
              + " by hand, then observe again"),
      POSTGRESQL_VERSION(
          "version",
          "find out what runs where (SHOW server_version); a major upgrade is planned from a"
              + " blueprint, never done by hand"),
      INITDB("initdb", "a cluster keeps what it was made with: rebuild it, or record what it has"),
      PATRONI_PG_HBA(
          "pg_hba in Patroni",
          "Patroni writes pg_hba.conf from these rules, over autobase's: put the rules you need"
              + " in the blueprint, remove them from Patroni (patronictl edit-config --force -s"
              + " postgresql.pg_hba=null), and observe again: the next plan writes the blueprint's"),
      PARAMETER("parameter", ""),
      PG_HBA("pg_hba", ""),
      PATRONI("patroni", ""),
      USER("user", ""),
      DATABASE("database", "");

      public final String word;

      /** For a difference hagen never plans away: what a human does about it; else empty. */
      public final String fix;

      Subject(String word, String fix) {
        this.word = word;
        this.fix = fix;
      }

      /** A difference hagen never plans away: the cluster's shape, or a hand-made mess. */
      public boolean refused() {
        return !fix.isEmpty();
      }
    }

    /** What the plan does with a difference. */
    public enum Disposition {
      PLANNED_AWAY("planned away: the steps set what the blueprint says"),
      KEPT("kept: the blueprint says the same, and --applied records it"),
      LEFT("left alone: hagen drops nothing; add it to the blueprint, or remove it by hand"),
      REFUSED("refused: hagen plans no change from here until a human decides");

      public final String words;

      Disposition(String words) {
        this.words = words;
      }

      public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
      }
    }
  }

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

  /**
   * What kind of step: which playbook template it is written from, or (a lab's VMs) the Vagrant
   * command it is, run from the cluster's folder.
   */
  public enum Kind {
    VAGRANT_UP("vagrant-up", false),
    ADD_NODES("add", true),
    RETIRE_BALANCER("retire-balancer", true),
    REMOVE_NODE("remove", true),
    ETCD_ENDPOINTS("etcd-endpoints", true),
    BALANCERS("balancers", true),
    VAGRANT_DESTROY("vagrant-destroy", false),
    PATRONI("patroni", true),
    SETTINGS("settings", true),
    USERS("users", true),
    UPGRADE_CHECK("upgrade-check", true),
    UPGRADE("upgrade", true);

    private final String slug;
    private final boolean playbook;

    Kind(String slug, boolean playbook) {
      this.slug = slug;
      this.playbook = playbook;
    }

    public String slug() {
      return slug;
    }

    /** Whether hagen writes a playbook for it under ansible/plan/. */
    public boolean playbook() {
      return playbook;
    }
  }

  /**
   * One step: a playbook hagen writes under ansible/plan/, and the one command that runs it from
   * the cluster's ansible/ folder. {@code targets}: the hosts it adds or removes; {@code
   * inventory}: the extra inventory it reads beside inventories/hosts (new_node=true on the new
   * hosts; the removed host, which the blueprint no longer has); {@code hosts}: every host it
   * touches; {@code destroys}: what a destructive step deletes, and when; {@code needs}: what the
   * controller must hold for it to run (a user's password, where it is looked up); {@code data}:
   * what its playbook is written with beyond the cluster's plan (the values a configuration step
   * waits for and checks).
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
      String destroys,
      List<String> needs,
      Map<String, Object> data) {

    /** The playbook's path in the cluster's tree ({@code file} is relative to RUN_FROM). */
    public String treeFile() {
      return RUN_FROM + "/" + file;
    }

    /**
     * The folder of the cluster's tree its command runs from: ansible/ for a playbook, the
     * cluster's folder itself (where the Vagrantfile is) for a Vagrant command.
     */
    public String runFrom() {
      return kind.playbook() ? RUN_FROM : ".";
    }

    /** The extra inventory's path in the cluster's tree, when the step has one. */
    public Optional<String> treeInventory() {
      return inventory.map(i -> RUN_FROM + "/" + i);
    }

    /**
     * Every file of this step, as paths in the cluster's tree: a Vagrant command's is the
     * Vagrantfile, which must define the VM it makes or destroys.
     */
    public List<String> treePaths() {
      if (!kind.playbook()) {
        return List.of(VAGRANTFILE);
      }
      return java.util.stream.Stream.concat(
              java.util.stream.Stream.of(treeFile()), treeInventory().stream())
          .toList();
    }

    /** The same step run with another command line (a test's, or a user's mistake). */
    public Step withCommand(String other) {
      return new Step(
          number,
          kind,
          action,
          title,
          playbook,
          file,
          inventory,
          other,
          hosts,
          targets,
          inventoryGroups,
          restarts,
          interruption,
          destructive,
          confirmation,
          destroys,
          needs,
          data);
    }

    /** A step of {@code kind}, numbered {@code number} in its plan, to be described. */
    static Builder of(int number, Kind kind, Action action) {
      return new Builder(number, kind, action);
    }
  }

  /** A lab's Vagrantfile, in the cluster's tree. */
  public static final String VAGRANTFILE = "Vagrantfile";

  /** The inventory every step reads first (ansible.cfg names it). */
  public static final String INVENTORY = "inventories/hosts";

  /**
   * Builds a step: its file names from its number and kind ({@code plan/NN-kind[-suffix].yml} and,
   * with an inventory of its own, {@code .ini}), and its command from them.
   */
  static final class Builder {
    private final int number;
    private final Kind kind;
    private final Action action;
    private String title = "";
    private String playbook = "";
    private String suffix = "";
    private boolean inventory;
    private String arguments = "";
    private String command = "";
    private List<String> hosts = List.of();
    private List<ClusterPlan.Host> targets = List.of();
    private List<ClusterPlan.InventoryGroup> inventoryGroups = List.of();
    private List<Restart> restarts = List.of();
    private String interruption = "none expected";
    private Optional<String> confirmation = Optional.empty();
    private String destroys = "";
    private List<String> needs = List.of();
    private Map<String, Object> data = Map.of();

    private Builder(int number, Kind kind, Action action) {
      this.number = number;
      this.kind = kind;
      this.action = action;
    }

    Builder title(String value) {
      title = value;
      return this;
    }

    /** The autobase playbook it wraps, or what else runs. */
    Builder playbook(String value) {
      playbook = value;
      return this;
    }

    /** A word after the kind in the file's name: the node a removal removes. */
    Builder suffix(String value) {
      suffix = "-" + value;
      return this;
    }

    /** The step reads an inventory of its own after inventories/hosts. */
    Builder inventory(List<ClusterPlan.InventoryGroup> groups) {
      inventory = true;
      inventoryGroups = List.copyOf(groups);
      return this;
    }

    /** What its command line says after the playbook and inventories. */
    Builder arguments(String value) {
      arguments = value;
      return this;
    }

    /** The whole command of a step that is no playbook of hagen's (a Vagrant command). */
    Builder command(String value) {
      command = value;
      return this;
    }

    Builder hosts(List<String> value) {
      hosts = List.copyOf(value);
      return this;
    }

    Builder targets(List<ClusterPlan.Host> value) {
      targets = List.copyOf(value);
      return this;
    }

    Builder restarts(List<Restart> value) {
      restarts = List.copyOf(value);
      return this;
    }

    Builder interruption(String value) {
      interruption = value;
      return this;
    }

    /**
     * It destroys {@code what} (what is lost, and when): it runs only when its command says {@code
     * -e KEY=VALUE}.
     */
    Builder destructive(String keyValue, String what) {
      confirmation = Optional.of(keyValue);
      destroys = what;
      return this;
    }

    /** It destroys {@code what}, and its command names what it destroys (a Vagrant command). */
    Builder destructive(String what) {
      destroys = what;
      return this;
    }

    Builder needs(List<String> value) {
      needs = List.copyOf(value);
      return this;
    }

    Builder data(Map<String, Object> value) {
      data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(value));
      return this;
    }

    Step build() {
      String name = FOLDER + "/" + String.format("%02d-%s", number, kind.slug()) + suffix;
      String file = kind.playbook() ? name + ".yml" : "";
      Optional<String> ini = inventory ? Optional.of(name + ".ini") : Optional.empty();
      String command =
          kind.playbook()
              ? "ansible-playbook "
                  + file
                  + ini.map(i -> " -i " + INVENTORY + " -i " + i).orElse("")
                  + arguments
                  + confirmation.map(c -> " -e " + c).orElse("")
              : this.command;
      return new Step(
          number,
          kind,
          action,
          title,
          playbook,
          file,
          ini,
          command,
          hosts,
          targets,
          inventoryGroups,
          restarts,
          interruption,
          !destroys.isEmpty(),
          confirmation,
          destroys,
          needs,
          data);
    }
  }
}
