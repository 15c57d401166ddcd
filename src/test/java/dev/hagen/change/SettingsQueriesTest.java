package dev.hagen.change;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hagen.Tools;
import dev.hagen.postgresql.ServerParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The queries a configuration step waits and checks with, run by a real PostgreSQL server (Debian's
 * postgresql package, started for the test on a Unix socket): no row when the server runs with the
 * values hagen expects, one row per value that differs, per parameter still there though removed,
 * and per parameter pending a restart. The values hagen expects in pg_settings
 * (ServerParameters.setting) are the ones this server shows.
 */
@Tag(Tools.TIER)
class SettingsQueriesTest {
  /** Starts a server with postgresql.conf's extra lines, runs each SQL (RELOAD: appends a line). */
  private static final String SERVER =
      """
      set -eu
      bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
      as() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
      dir="$(as mktemp -d)"
      trap 'as "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
      as "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
      printf '%s\\n' "listen_addresses = ''" "unix_socket_directories = '$dir'" \\
        "max_connections = 50" "work_mem = '32MB'" "checkpoint_timeout = '15min'" \\
        | as tee -a "$dir/data/postgresql.conf" >/dev/null
      as "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start >/dev/null
      q() { as "$bin/psql" -h "$dir" -U postgres -d postgres -tAX -c "$1"; }
      for sql in "$@"; do
        case "$sql" in
          RELOAD:*)
            printf '%s\\n' "${sql#RELOAD:}" | as tee -a "$dir/data/postgresql.conf" >/dev/null
            q 'select pg_reload_conf()' >/dev/null
            # the postmaster rereads the file on its own: wait for it to say so, at most 5 s
            for _ in $(seq 50); do
              [ -n "$(q 'select 1 from pg_settings where pending_restart')" ] && break
              sleep 0.1
            done ;;
          *) q "$sql"; echo '---' ;;
        esac
      done
      """;

  private static List<String> run(String... sql) throws Exception {
    Tools.require("runuser", "util-linux");
    if (!Files.isDirectory(Path.of("/usr/lib/postgresql"))) {
      Tools.require("postgres", "postgresql");
    }
    List<String> command = new ArrayList<>(List.of("bash", "-c", SERVER, "server"));
    command.addAll(List.of(sql));
    Tools.Run run = Tools.run(Path.of("."), command.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.stdout());
    List<String> answers = new ArrayList<>();
    for (String part : (run.stdout() + "\n").split("---\n", -1)) {
      answers.add(part.strip());
    }
    return answers.subList(
        0, sql.length - (int) List.of(sql).stream().filter(s -> s.startsWith("RELOAD:")).count());
  }

  private static int version() throws Exception {
    try (var dirs = Files.list(Path.of("/usr/lib/postgresql"))) {
      return dirs.map(p -> Integer.parseInt(p.getFileName().toString()))
          .max(Integer::compare)
          .orElseThrow();
    }
  }

  private static String expected(Map<String, String> values) throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    int version = version();
    values.forEach(
        (name, value) ->
            settings.put(
                name,
                ServerParameters.setting(ServerParameters.find(version, name).orElseThrow(), value)
                    .orElseThrow()));
    return String.join(
        " ", StepTexts.Sql.mismatches(settings, List.of(), "pg_settings", "true", true));
  }

  private static String written(Map<String, String> values, List<String> removed) {
    return String.join(
        " ",
        StepTexts.Sql.mismatches(
            values,
            removed,
            "pg_file_settings",
            "sourcefile = current_setting('config_file')",
            false));
  }

  @Test
  void theServerShowsTheValuesHagenExpects() throws Exception {
    Map<String, String> running = new LinkedHashMap<>();
    running.put("max_connections", "50");
    running.put("work_mem", "32MB");
    running.put("checkpoint_timeout", "15min");
    running.put("listen_addresses", "");
    List<String> answers =
        run(
            expected(running),
            expected(Map.of("work_mem", "16MB")),
            written(Map.of("work_mem", "32MB", "checkpoint_timeout", "15min"), List.of()),
            written(Map.of("work_mem", "64MB"), List.of("checkpoint_timeout")),
            "RELOAD:max_connections = 60",
            expected(Map.of()));
    assertEquals("", answers.get(0), "no row: the server runs with every value");
    assertEquals("work_mem: 32768, not 16384", answers.get(1));
    assertEquals("", answers.get(2), "postgresql.conf holds the values as written");
    assertEquals(
        "checkpoint_timeout: 15min, not removed\nwork_mem: 32MB, not 64MB", answers.get(3));
    assertEquals("max_connections: pending restart", answers.get(4));
  }
}
