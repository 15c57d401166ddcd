package dev.hagen.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hagen.Blueprints;
import dev.hagen.Pipeline;
import dev.hagen.Tools;
import dev.hagen.postgresql.ServerParameters;
import dev.hagen.render.GeneratedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The queries a configuration step waits and checks with, exactly as its playbook holds them, run
 * by a real PostgreSQL server (Debian's postgresql package, started for the test on a Unix socket)
 * the way the step runs them: the SQL on standard input, the values as psql variables (-v
 * NAME=JSON), which psql quotes by the server's rules. No row when the server runs with the values
 * hagen expects, one row per value that differs, per parameter still there though removed, and per
 * parameter pending a restart; and a value that holds quotes, backslashes, dollar quotes,
 * semicolons and line breaks is compared, never run, whether standard_conforming_strings is on or
 * off.
 */
@Tag(Tools.TIER)
class SettingsQueriesTest {
  /**
   * Starts a server with postgresql.conf's extra lines, then for each argument: {@code RELOAD:LINE}
   * appends a line and reloads; {@code QUERY:SQLFILE:VARSFILE} runs the file's SQL with each line
   * of the other as a psql variable, and prints its rows and a line {@code ---}.
   */
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
      for arg in "$@"; do
        case "$arg" in
          RELOAD:*)
            printf '%s\\n' "${arg#RELOAD:}" | as tee -a "$dir/data/postgresql.conf" >/dev/null
            q 'select pg_reload_conf()' >/dev/null
            # the postmaster rereads the file on its own: wait until a new session has the value,
            # or it waits for a restart, at most 5 s
            line="${arg#RELOAD:}"; name="${line%% =*}"; value="${line#*= }"
            for _ in $(seq 50); do
              [ -n "$(q "select 1 from pg_settings where name = '$name' and (setting = '$value' or pending_restart)")" ] && break
              sleep 0.1
            done ;;
          QUERY:*)
            spec="${arg#QUERY:}"; sql="${spec%%:*}"; vars="${spec#*:}"
            set --
            while IFS= read -r v; do set -- "$@" -v "$v"; done < "$vars"
            PGCLIENTENCODING=UTF8 as "$bin/psql" -h "$dir" -U postgres -d postgres -tAX \\
              -v ON_ERROR_STOP=1 "$@" -f - < "$sql"
            echo '---' ;;
        esac
      done
      """;

  @TempDir Path tmp;

  /** The two queries of a configuration step's playbook: what Patroni wrote, what runs. */
  record Queries(String written, String expected) {}

  /** The queries of the settings step hagen writes for a change-corpus pair. */
  static Queries queries(String pair) {
    Pipeline.Result result = Blueprints.pending(pair);
    GeneratedFile step =
        result.files().stream()
            .filter(f -> f.path().matches("ansible/plan/[0-9]+-settings\\.yml"))
            .findFirst()
            .orElseThrow();
    List<?> plays =
        (List<?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(step.content());
    Map<String, String> queries = new LinkedHashMap<>();
    for (Object play : plays) {
      Map<?, ?> vars = (Map<?, ?>) ((Map<?, ?>) play).get("vars");
      if (vars != null && vars.get("hagen_query") instanceof String q) {
        queries.put(vars.containsKey("hagen_written") ? "written" : "expected", q);
      }
    }
    return new Queries(queries.get("written"), queries.get("expected"));
  }

  /** One query to run: its SQL and its variables, each a JSON document as to_json makes it. */
  private record Query(String sql, Map<String, Object> vars) {}

  private List<String> run(List<String> reloads, Query... queries) throws Exception {
    Tools.require("runuser", "util-linux");
    if (!Files.isDirectory(Path.of("/usr/lib/postgresql"))) {
      Tools.require("postgres", "postgresql");
    }
    List<String> command = new ArrayList<>(List.of("bash", "-c", SERVER, "server"));
    reloads.forEach(r -> command.add("RELOAD:" + r));
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < queries.length; i++) {
      Path sql = Files.writeString(tmp.resolve(i + ".sql"), queries[i].sql());
      List<String> lines = new ArrayList<>();
      for (Map.Entry<String, Object> v : queries[i].vars().entrySet()) {
        lines.add(v.getKey() + "=" + json.writeValueAsString(v.getValue()));
      }
      Path vars = Files.write(tmp.resolve(i + ".vars"), lines);
      command.add("QUERY:" + sql + ":" + vars);
    }
    Tools.Run run = Tools.run(Path.of("."), command.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.stdout());
    List<String> answers = new ArrayList<>();
    for (String part : (run.stdout() + "\n").split("---\n", -1)) {
      answers.add(part.strip());
    }
    return answers.subList(0, queries.length);
  }

  private static int version() throws Exception {
    try (var dirs = Files.list(Path.of("/usr/lib/postgresql"))) {
      return dirs.map(p -> Integer.parseInt(p.getFileName().toString()))
          .max(Integer::compare)
          .orElseThrow();
    }
  }

  private static Query expected(Queries q, Map<String, String> values) throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    int version = version();
    values.forEach(
        (name, value) ->
            settings.put(
                name,
                ServerParameters.setting(ServerParameters.find(version, name).orElseThrow(), value)
                    .orElseThrow()));
    return new Query(q.expected(), Map.of("hagen_expected", settings));
  }

  private static Query written(Queries q, Map<String, String> values, List<String> removed) {
    return new Query(q.written(), Map.of("hagen_written", values, "hagen_removed", removed));
  }

  @Test
  void theServerShowsTheValuesHagenExpects() throws Exception {
    Queries q = queries("24-parameters-raised");
    Map<String, String> running = new LinkedHashMap<>();
    running.put("max_connections", "50");
    running.put("work_mem", "32MB");
    running.put("checkpoint_timeout", "15min");
    running.put("listen_addresses", "");
    List<String> answers =
        run(
            List.of(),
            expected(q, running),
            expected(q, Map.of("work_mem", "16MB")),
            written(q, Map.of("work_mem", "32MB", "checkpoint_timeout", "15min"), List.of()),
            written(q, Map.of("work_mem", "64MB"), List.of("checkpoint_timeout")));
    assertEquals("", answers.get(0), "no row: the server runs with every value");
    assertEquals("work_mem: 32768, not 16384", answers.get(1));
    assertEquals("", answers.get(2), "postgresql.conf holds the values as written");
    assertEquals(
        "checkpoint_timeout: 15min, not removed\nwork_mem: 32MB, not 64MB", answers.get(3));
    List<String> pending =
        run(List.of("max_connections = 60"), expected(q, Map.of("work_mem", "32MB")));
    assertEquals("max_connections: pending restart", pending.get(0));
  }

  /**
   * Values that would end a quoted literal, under either quoting rule: compared as text, so the
   * rows say they differ, and nothing in them runs (the COPY ... TO PROGRAM would leave a file).
   */
  @ParameterizedTest(name = "standard_conforming_strings = {0}")
  @ValueSource(strings = {"on", "off"})
  void aValueIsComparedNeverRun(String conforming) throws Exception {
    Queries q = queries("24-parameters-raised");
    Path proof = tmp.resolve("ran");
    String copy = "COPY (select 1) TO PROGRAM 'touch " + proof + "'";
    Map<String, String> hostile = new LinkedHashMap<>();
    hostile.put("hagen_test.a", "x\\'; " + copy + "; --");
    hostile.put("hagen_test.b", "$$; " + copy + "; $$");
    hostile.put("hagen_test.c", "x';\n" + copy + ";\n--");
    hostile.put("hagen_test.d", "\\\\'' ; " + copy + " ; select '");
    List<String> rows = new ArrayList<>();
    hostile.forEach((name, value) -> rows.add(name + ": not set, not " + value));
    List<String> answers =
        run(
            List.of("standard_conforming_strings = " + conforming, "escape_string_warning = off"),
            new Query(q.expected(), Map.of("hagen_expected", hostile)),
            new Query(
                q.written(),
                Map.of("hagen_written", hostile, "hagen_removed", List.copyOf(hostile.keySet()))));
    assertEquals(String.join("\n", rows.stream().sorted().toList()), answers.get(0));
    assertEquals(String.join("\n", rows.stream().sorted().toList()), answers.get(1));
    assertFalse(Files.exists(proof), "nothing but the comparison ran");
    assertTrue(q.expected().contains(":'hagen_expected'"), "the values come in as variables");
  }
}
