package dev.hagen.check;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import java.util.regex.Pattern;

/** What the autobase collection is asked for: a release it has, a PostgreSQL it installs. */
final class AutobaseCheck implements Check {
  private static final Pattern RELEASE = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+");
  static final int OLDEST_POSTGRESQL = 10;
  static final int NEWEST_POSTGRESQL = 18;

  @Override
  public void run(Blueprint b, Diagnostics d) {
    String version = b.cluster().autobaseVersion();
    if (!RELEASE.matcher(version).matches()) {
      d.report(Code.INVALID_VALUE, b.where().at("cluster.autobase_version"),
          "`" + version + "` is not an autobase release number",
          "write the collection's version as MAJOR.MINOR.PATCH, e.g. `2.6.0`");
    }
    int pg = b.cluster().postgresqlVersion();
    if (pg < OLDEST_POSTGRESQL || pg > NEWEST_POSTGRESQL) {
      d.report(Code.INVALID_VALUE, b.where().at("cluster.postgresql_version"),
          "PostgreSQL " + pg + " is not a major version autobase installs",
          "pick a major version from " + OLDEST_POSTGRESQL + " to " + NEWEST_POSTGRESQL);
    }
  }
}
