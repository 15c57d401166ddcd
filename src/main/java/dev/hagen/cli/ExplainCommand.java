package dev.hagen.cli;

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
      return ExitCode.INVALID_BLUEPRINT;
    }
    Pipeline.Checked checked = Pipeline.check(read.source(), false);
    if (checked.blueprint().isEmpty()) {
      DiagnosticReport.write(
          DiagnosticOptions.Format.text,
          List.of(
              new FileDiagnostics(blueprint.toString(), checked.lines(), checked.diagnostics())),
          out,
          spec.commandLine().getErr());
      return ExitCode.INVALID_BLUEPRINT;
    }
    Blueprint b = checked.blueprint().get();
    Pipeline.Result result = Pipeline.generate(checked);
    ClusterPlan plan = result.plan().orElseThrow();
    List<Variable> variables = variables(b, plan);
    if (format == Format.json) {
      out.println(DiagnosticReport.write(json(plan, variables, result.files())));
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
    return ExitCode.OK;
  }

  /** A list or dict longer than this is summed up in the text: all.yml and the JSON have it. */
  static final int SHOWN = 100;

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
    if (!plan.settings().directOnly().isEmpty()) {
      out.println(
          "pg_hba: through the VIP, clients arrive from a balancer's address, where autobase's"
              + " rule for the cluster's hosts admits every user with a password; these rules"
              + " decide direct connections only:");
      plan.settings().directOnly().forEach(r -> out.println("  " + r));
    }
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
      String value = String.valueOf(v.value());
      out.printf(
          "  %-30s %-40s <- %s%s%n",
          v.name(),
          value.length() > SHOWN && v.value() instanceof List<?> list
              ? list.size() + " entries (all.yml has each)"
              : value.length() > SHOWN && v.value() instanceof Map<?, ?> map
                  ? map.size() + " keys (all.yml has each)"
                  : value,
          v.from(),
          v.line() == null
              ? ""
              : v.file().equals(blueprintFile)
                  ? ", line " + v.line()
                  : ", " + v.file() + " line " + v.line());
    }
    out.println();
    var settings = plan.settings();
    out.println(
        "postgresql (the blueprint's settings; the rest of all.yml's lists are autobase "
            + plan.autobaseVersion()
            + "'s defaults)");
    for (ClusterPlan.ParameterSetting p : settings.parameters()) {
      out.printf(
          "  %-30s %-40s takes effect on %s%n",
          p.name(), p.value().orElse("(autobase's removed)"), p.takesEffect());
    }
    for (ClusterPlan.UserLogin u : settings.users()) {
      out.printf(
          "  user %-25s %s%n",
          u.name(),
          u.passwordFrom().map(f -> "password from " + f + " at run time").orElse("no login"));
    }
    settings.databases().forEach(d -> out.println("  database " + d));
    settings.pools().forEach(p -> out.println("  pool " + p));
    out.println(
        "  tls "
            + (settings.tls() ? "on" : "off")
            + ", netdata "
            + settings.netdataListen().map(l -> "on (listens: " + l + ")").orElse("off"));
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
    doc.put("pg_hba_direct_only", plan.settings().directOnly());
    doc.put(
        "variables",
        variables.stream()
            .map(
                v -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("name", v.name());
                  m.put("value", plain(v.value()));
                  m.put("from", v.from());
                  m.put("line", v.line());
                  m.put("file", v.file());
                  return m;
                })
            .toList());
    var settings = plan.settings();
    Map<String, Object> pg = new LinkedHashMap<>();
    pg.put(
        "parameters",
        settings.parameters().stream()
            .map(
                p -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("name", p.name());
                  m.put("value", p.value().orElse(null));
                  m.put("takes_effect", p.takesEffect());
                  return m;
                })
            .toList());
    pg.put(
        "users",
        settings.users().stream()
            .map(
                u -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("name", u.name());
                  m.put("password_from", u.passwordFrom().orElse(null));
                  return m;
                })
            .toList());
    pg.put("databases", settings.databases());
    pg.put("pools", settings.pools());
    pg.put("tls", settings.tls());
    pg.put("netdata_listen", settings.netdataListen().orElse(null));
    pg.put(
        "ports",
        settings.ports().stream()
            .map(
                p -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("service", p.service());
                  m.put("port", p.port());
                  m.put("on", p.where());
                  return m;
                })
            .toList());
    doc.put("postgresql", pg);
    doc.put("files", files.stream().map(GeneratedFile::path).toList());
    return doc;
  }

  /** A value as JSON shows it: hagen's and autobase's Jinja2 as its text. */
  private static Object plain(Object value) {
    if (value instanceof ClusterPlan.Jinja j) {
      return j.text();
    } else if (value instanceof List<?> list) {
      return list.stream().map(ExplainCommand::plain).toList();
    } else if (value instanceof Map<?, ?> map) {
      Map<Object, Object> m = new LinkedHashMap<>();
      map.forEach((k, v) -> m.put(k, plain(v)));
      return m;
    }
    return value;
  }
}
