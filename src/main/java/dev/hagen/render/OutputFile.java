package dev.hagen.render;

import dev.hagen.plan.ClusterPlan;
import dev.hagen.state.ClusterState;
import dev.hagen.steps.ChangePlan;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every file of a cluster's folder besides the steps of a pending change: its path, its template,
 * when it is written. The renderer writes them in this order, the read-back has one reader per
 * constant (its switch is exhaustive), and `hagen help build` lists them from here.
 */
public enum OutputFile {
  VAGRANTFILE(
      ChangePlan.VAGRANTFILE, "Vagrantfile.ftl", "when the blueprint has a vagrant section"),
  INVENTORY("ansible/inventories/hosts", "hosts.ftl", ""),
  GROUP_VARS("ansible/inventories/group_vars/all.yml", "all.yml.ftl", ""),
  DEPLOY("ansible/deploy.yml", "deploy.yml.ftl", ""),
  REMOVE("ansible/remove.yml", "remove.yml.ftl", ""),
  RESTORE("ansible/restore.yml", "restore.yml.ftl", "when it has a backup section"),
  OBSERVE(
      "ansible/observe.yml",
      "observe.yml.ftl",
      "reads the running cluster, changes nothing, for hagen plan --observed"),
  REQUIREMENTS("ansible/requirements.yml", "requirements.yml.ftl", ""),
  ANSIBLE_CFG("ansible/ansible.cfg", "ansible.cfg.ftl", ""),
  README("README.md", "README.md.ftl", ""),
  RECORD(
      ClusterState.FILE,
      "hagen-state.yml.ftl",
      "the record of the cluster as built: the \"before\" of hagen plan");

  public final String path;
  final String template;

  /** When it is written, or what it is, in the help's words; empty for neither. */
  private final String note;

  OutputFile(String path, String template, String note) {
    this.path = path;
    this.template = template;
    this.note = note;
  }

  /** Whether a cluster's folder holds it. */
  public boolean writtenFor(ClusterPlan plan) {
    return switch (this) {
      case VAGRANTFILE -> plan.lab().isPresent();
      case RESTORE -> plan.backups().isPresent();
      default -> true;
    };
  }

  public static Optional<OutputFile> at(String path) {
    return Arrays.stream(values()).filter(f -> f.path.equals(path)).findFirst();
  }

  /** The files as `hagen help build` lists them: "Vagrantfile (when ...), ansible/...". */
  public static String listed() {
    return Arrays.stream(values())
        .map(f -> f.path + (f.note.isEmpty() ? "" : " (" + f.note + ")"))
        .collect(Collectors.joining(", "));
  }
}
