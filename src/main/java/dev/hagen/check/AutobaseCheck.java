package dev.hagen.check;

import dev.hagen.autobase.AutobaseRelease;
import dev.hagen.autobase.AutobaseVariables;
import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.Extension;
import dev.hagen.blueprint.SecretValues;
import dev.hagen.blueprint.Spelling;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import java.util.List;
import java.util.Optional;

/**
 * What the autobase collection is asked for: a release hagen knows, a PostgreSQL it installs, no
 * combination known to fail, and pass-through variables that release reads and hagen does not own.
 */
final class AutobaseCheck implements Check {
  static final int OLDEST_POSTGRESQL = dev.hagen.postgresql.ServerParameters.OLDEST;
  static final int NEWEST_POSTGRESQL = dev.hagen.postgresql.ServerParameters.NEWEST;

  private final java.util.function.Function<String, Optional<String>> writtenBy;

  AutobaseCheck(java.util.function.Function<String, Optional<String>> writtenBy) {
    this.writtenBy = writtenBy;
  }

  @Override
  public void run(Blueprint b, Diagnostics d) {
    var where = b.where();
    String version = b.cluster().autobaseVersion();
    Optional<AutobaseRelease> release = AutobaseRelease.of(version);
    if (release.isEmpty()) {
      d.report(
          Code.UNKNOWN_AUTOBASE_VERSION,
          where.at("cluster.autobase_version"),
          "autobase " + version + " is not a release hagen knows",
          "use one of " + String.join(", ", AutobaseRelease.versions()));
    }

    int pg = b.cluster().postgresqlVersion();
    if (pg < OLDEST_POSTGRESQL || pg > NEWEST_POSTGRESQL) {
      d.report(
          Code.POSTGRESQL_VERSION,
          where.at("cluster.postgresql_version"),
          "PostgreSQL " + pg + " is not a major version autobase installs",
          "pick a major version from " + OLDEST_POSTGRESQL + " to " + NEWEST_POSTGRESQL);
    }

    release
        .filter(AutobaseRelease::breaksTimescaleAndCitusOnAnsible219)
        .ifPresent(
            r -> {
              List<String> hit =
                  b.features().extensions().stream()
                      .filter(e -> e == Extension.TIMESCALEDB || e == Extension.CITUS)
                      .map(Extension::word)
                      .toList();
              if (!hit.isEmpty()) {
                d.report(
                    Code.KNOWN_BREAKAGE,
                    where.at("features.extensions"),
                    "autobase "
                        + r.version()
                        + " fails on "
                        + String.join(" and ", hit)
                        + " under ansible-core 2.19 and later (a loop over a string; fixed in 2.5.0)",
                    "use autobase 2.5.0 or later, or run it with ansible-core 2.17 or 2.18");
              }
            });

    release.ifPresent(r -> b.autobaseVars().keySet().forEach(name -> variable(d, b, r, name)));
  }

  /** Where a secret goes instead of the blueprint, which is committed and reviewed. */
  static final String SECRET_ROUTE =
      "remove it here. The cluster's own passwords come from the controller's"
          + " environment (HAGEN_*_PASSWORD) or secrets.vault_file; any other secret goes in an Ansible Vault file"
          + " given at run time: ansible-playbook deploy.yml -e @secrets.vault.yml --ask-vault-password";

  private void variable(Diagnostics d, Blueprint b, AutobaseRelease release, String name) {
    var at = b.where().keyAt("autobase_vars." + name);
    if (SecretValues.isSecretName(name)) {
      d.report(
          Code.SECRET_IN_BLUEPRINT,
          at,
          "`"
              + name
              + "` is a secret: it must not be in a blueprint,"
              + " which is committed and reviewed",
          SECRET_ROUTE);
      return;
    }
    SecretValues.find(
        b.autobaseVars().get(name),
        "autobase_vars." + name,
        found ->
            d.report(
                Code.SECRET_IN_BLUEPRINT,
                found.atKey() ? b.where().keyAt(found.path()) : b.where().at(found.path()),
                "`"
                    + found.path()
                    + "` "
                    + found.what()
                    + ": a secret must not be in a blueprint, which is"
                    + " committed and reviewed",
                SECRET_ROUTE));
    Optional<String> field = writtenBy.apply(name);
    if (field.isPresent()) {
      d.report(
          Code.DERIVED_VARIABLE,
          at,
          "`" + name + "` is written by hagen from " + field.get(),
          field.get().startsWith("hagen")
              ? "remove it from autobase_vars"
              : "change " + field.get() + " instead");
      return;
    }
    Optional<AutobaseVariables.Scope> scope = AutobaseVariables.scope(release, name);
    if (scope.isEmpty()) {
      d.report(
          Code.UNKNOWN_VARIABLE,
          at,
          "autobase " + release.version() + " does not read `" + name + "`",
          Spelling.nearest(name, AutobaseVariables.all(release))
              .map(n -> "did you mean `" + n + "`?")
              .orElse(
                  "check the name against autobase "
                      + release.version()
                      + "'s roles/*/defaults/main.yml"));
    } else if (scope.get() != AutobaseVariables.Scope.CLUSTER) {
      d.report(
          Code.HOST_VARIABLE,
          at,
          "`"
              + name
              + "` is "
              + switch (scope.get()) {
                case HOST -> "set per host in the inventory, not cluster-wide";
                case INTERNAL -> "set by autobase's own playbooks";
                default -> "an extra variable for a single playbook run";
              },
          "remove it from autobase_vars");
    }
  }
}
