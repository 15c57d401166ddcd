package dev.hagen.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hagen.Pipeline;
import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.BlueprintFiles;
import dev.hagen.blueprint.SecretValues;
import dev.hagen.blueprint.SourceMap;
import dev.hagen.cli.DiagnosticReport.FileDiagnostics;
import dev.hagen.diagnostic.SourcePosition;
import dev.hagen.plan.ClusterPlan;
import dev.hagen.plan.ClusterPlan.Host;
import dev.hagen.plan.ClusterPlan.InventoryGroup;
import dev.hagen.render.GeneratedFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    header = "Shows what a build would make of a blueprint, writing nothing.",
    description = {
      "Shows what `hagen build` would make of BLUEPRINT, writing nothing: each host with its"
          + " groups, bind address, host name and where Ansible logs in, every variable hagen"
          + " derives with the field (and line) or default it comes from, and the files it would"
          + " write."
    },
    footer = {
      "%nExamples:",
      "  hagen explain blueprints/lab.yml",
      "  hagen explain --format json blueprints/lab.yml | jq .hosts"
    })
final class ExplainCommand implements Callable<Integer> {
  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "BLUEPRINT", description = "the blueprint file")
  Path blueprint;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE})")
  Format format;

  /**
   * One derived variable: its value, and the blueprint field (with its line) or default behind it.
   */
  record Variable(String name, Object value, String from, Integer line, String file) {
    Variable(String name, Object value, String from, SourcePosition at) {
      this(name, value, from, at == null ? null : at.line(), at == null ? null : at.file());
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    BlueprintFiles.Read read = BlueprintFiles.read(blueprint);
    if (read.problem() != null) {
      DiagnosticReport.write(
          DiagnosticOptions.Format.text,
          List.of(new FileDiagnostics(blueprint.toString(), List.of(read.problem()))),
          out,
          spec.commandLine().getErr());
      return Main.INVALID_BLUEPRINT;
    }
    Pipeline.Checked checked = Pipeline.check(read.source(), false);
    if (checked.blueprint().isEmpty()) {
      DiagnosticReport.write(
          DiagnosticOptions.Format.text,
          List.of(
              new FileDiagnostics(blueprint.toString(), checked.lines(), checked.diagnostics())),
          out,
          spec.commandLine().getErr());
      return Main.INVALID_BLUEPRINT;
    }
    Blueprint b = checked.blueprint().get();
    Pipeline.Result result = Pipeline.generate(checked);
    ClusterPlan plan = result.plan().orElseThrow();
    List<Variable> variables = variables(b, plan);
    if (format == Format.json) {
      out.println(
          new ObjectMapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(json(plan, variables, result.files()))
              .replace("\r\n", "\n"));
    } else {
      text(
          out,
          plan,
          variables,
          result.files(),
          checked.diagnostics().size(),
          read.source().displayPath());
    }
    out.flush();
    return Main.OK;
  }

  static List<Variable> variables(Blueprint b, ClusterPlan plan) {
    SourceMap where = b.where();
    var v = plan.vars();
    List<Variable> list = new ArrayList<>();
    for (ClusterPlan.GroupVars.Written w : v.written()) {
      // The extension flags that are off are summed up in one line below.
      if (w.field().equals("features.extensions") && Boolean.FALSE.equals(w.value())) {
        continue;
      }
      boolean written = where.written(w.field());
      list.add(
          new Variable(
              w.name(),
              w.value(),
              written || w.field().startsWith("hagen")
                  ? w.field()
                  : "default (" + w.field() + " not set)",
              written ? where.at(w.field()) : null));
    }
    list.add(
        new Variable("enable_* (others)", false, "features.extensions", (SourcePosition) null));
    plan.secrets()
        .forEach(
            s ->
                list.add(
                    plan.vault()
                        .map(
                            vault ->
                                new Variable(
                                    s.variable(),
                                    "key " + s.variable() + " of " + vault.file() + " at run time",
                                    "secrets.vault_file",
                                    where.at("secrets.vault_file")))
                        .orElseGet(
                            () ->
                                new Variable(
                                    s.variable(),
                                    "$" + s.environmentVariable() + " at run time",
                                    "the controller's environment",
                                    (SourcePosition) null))));
    // A secret never reaches this far (the checks refuse it); should one, it is shown masked.
    v.passThrough()
        .forEach(
            (name, value) ->
                list.add(
                    new Variable(
                        name,
                        SecretValues.isSecretName(name)
                            ? SecretValues.MASK
                            : SecretValues.redacted(value),
                        "autobase_vars." + name,
                        where.keyAt("autobase_vars." + name))));
    return list;
  }

  private static void text(
      PrintWriter out,
      ClusterPlan plan,
      List<Variable> variables,
      List<GeneratedFile> files,
      int diagnostics,
      String blueprintFile) {
    out.println(
        "cluster "
            + plan.clusterName()
            + " on "
            + plan.networkCidr()
            + ", autobase "
            + plan.autobaseVersion()
            + (diagnostics > 0
                ? " (" + diagnostics + " warnings: hagen validate shows them)"
                : ""));
    out.println(
        "clients: "
            + String.join(", ", plan.access().addresses())
            + " port "
            + plan.access().readWritePort()
            + " read-write"
            + plan.access().readOnlyPort().map(p -> ", " + p + " read-only").orElse("")
            + (plan.access().viaVip()
                ? " (the VIP, held by " + plan.access().vipHolder() + ")"
                : ""));
    out.println();
    out.println("hosts (inventory key = bind_address = private IP)");
    for (Host h : plan.hosts()) {
      List<String> groups =
          plan.groups().stream()
              .filter(g -> g.hosts().contains(h))
              .map(InventoryGroup::name)
              .toList();
      out.printf(
          "  %-15s hostname=%-20s groups=%s%s%n",
          h.address(),
          h.name(),
          String.join(",", groups),
          "  ansible="
              + plan.sshTarget(h)
              + h.sshPort()
                  .filter(p -> h.vm().isPresent())
                  .map(p -> "  vagrant ssh=127.0.0.1:" + p)
                  .orElse("")
              + (h.vagrantPrimary() ? "  (Vagrant's primary)" : ""));
    }
    out.println();
    out.println("variables (ansible/inventories/group_vars/all.yml)");
    for (Variable v : variables) {
      out.printf(
          "  %-30s %-40s <- %s%s%n",
          v.name(),
          String.valueOf(v.value()),
          v.from(),
          v.line() == null
              ? ""
              : v.file().equals(blueprintFile)
                  ? ", line " + v.line()
                  : ", " + v.file() + " line " + v.line());
    }
    out.println();
    out.println("files (under the output folder's " + plan.clusterName() + "/)");
    files.forEach(f -> out.println("  " + f.path()));
  }

  private static Map<String, Object> json(
      ClusterPlan plan, List<Variable> variables, List<GeneratedFile> files) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("cluster", plan.clusterName());
    doc.put("network", plan.networkCidr());
    doc.put("autobase_version", plan.autobaseVersion());
    List<Map<String, Object>> hosts = new ArrayList<>();
    for (Host h : plan.hosts()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", h.name());
      m.put("address", h.address());
      m.put("bind_address", h.address());
      m.put("hostname", h.name());
      m.put("roles", h.roles().stream().map(r -> r.word()).toList());
      m.put(
          "groups",
          plan.groups().stream()
              .filter(g -> g.hosts().contains(h))
              .map(InventoryGroup::name)
              .toList());
      m.put("ssh_port", h.sshPort().orElse(null));
      m.put("ansible_ssh", plan.sshTarget(h));
      hosts.add(m);
    }
    doc.put("hosts", hosts);
    doc.put("variables", variables);
    doc.put("files", files.stream().map(GeneratedFile::path).toList());
    return doc;
  }
}
