package dev.hagen.check;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.diagnostic.Diagnostics;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Stage 3, check: runs every area's rules and collects all their diagnostics. */
public final class BlueprintChecks {
  private BlueprintChecks() {}

  /**
   * {@code writtenBy}: the blueprint field behind each variable hagen writes itself (the plan's
   * table, handed in so that this stage never imports a later one), which autobase_vars may not
   * set.
   */
  public static void run(
      Blueprint blueprint, Diagnostics diagnostics, Function<String, Optional<String>> writtenBy) {
    List<Check> all =
        List.of(
            new NetworkCheck(),
            new TopologyCheck(),
            new VagrantCheck(),
            new SshCheck(),
            new AutobaseCheck(writtenBy),
            new PostgresqlCheck(),
            new BackupCheck());
    for (Check check : all) {
      check.run(blueprint, diagnostics);
    }
  }
}
