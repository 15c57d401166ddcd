package dev.hagen.check;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.diagnostic.Diagnostics;
import java.util.List;

/** Stage 3, check: runs every area's rules and collects all their diagnostics. */
public final class BlueprintChecks {
  private static final List<Check> ALL =
      List.of(
          new NetworkCheck(),
          new TopologyCheck(),
          new VagrantCheck(),
          new SshCheck(),
          new AutobaseCheck(),
          new PostgresqlCheck(),
          new BackupCheck());

  private BlueprintChecks() {}

  public static void run(Blueprint blueprint, Diagnostics diagnostics) {
    for (Check check : ALL) {
      check.run(blueprint, diagnostics);
    }
  }
}
