package dev.hagen.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.postgresql.ServerParameters.Context;
import dev.hagen.postgresql.ServerParameters.Parameter;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PostgreSQL's parameters as each version's pg_settings has them, and values as it parses them. */
class ServerParametersTest {
  static Parameter p(int major, String name) {
    return ServerParameters.find(major, name).orElseThrow(() -> new AssertionError(name));
  }

  @Test
  void everySupportedVersionHasItsParameters() {
    IntStream.rangeClosed(ServerParameters.OLDEST, ServerParameters.NEWEST)
        .forEach(
            v -> {
              assertTrue(ServerParameters.of(v).size() > 250, "PostgreSQL " + v);
              // The modules autobase preloads were loaded when the data was made.
              assertTrue(ServerParameters.find(v, "pg_stat_statements.max").isPresent(), "" + v);
              assertTrue(ServerParameters.find(v, "auto_explain.log_analyze").isPresent(), "" + v);
            });
    assertTrue(ServerParameters.of(9).isEmpty());
    assertTrue(ServerParameters.of(19).isEmpty());
  }

  @Test
  void parametersComeAndGoWithVersions() {
    assertTrue(ServerParameters.find(12, "wal_keep_segments").isPresent());
    assertFalse(ServerParameters.find(13, "wal_keep_segments").isPresent());
    assertFalse(ServerParameters.find(12, "wal_keep_size").isPresent());
    assertTrue(ServerParameters.find(13, "wal_keep_size").isPresent());
  }

  @Test
  void eachParameterSaysWhenAChangeTakesEffect() {
    assertEquals(Context.POSTMASTER, p(17, "max_connections").context());
    assertEquals(Context.POSTMASTER, p(17, "shared_buffers").context());
    assertEquals(Context.RELOAD, p(17, "work_mem").context());
    assertEquals(Context.RELOAD, p(17, "log_min_duration_statement").context());
    assertEquals(Context.INTERNAL, p(17, "server_version").context());
    assertEquals("restart", p(17, "max_connections").context().word());
  }

  @ParameterizedTest(name = "{0} = {1}: {2}")
  @CsvSource({
    "work_mem, 64MB, true",
    "work_mem, 65536, true",
    "work_mem, 1GB, true",
    "work_mem, 64MiB, false",
    "work_mem, 63kB, false",
    "work_mem, 64 MB, true",
    "shared_buffers, 128kB, true",
    "shared_buffers, 64kB, false",
    "shared_buffers, 4TB, true",
    "shared_buffers, 8TB, false",
    "shared_buffers, 10000TB, false",
    "checkpoint_timeout, 1h, true",
    "checkpoint_timeout, 30, true",
    "checkpoint_timeout, 1d, true",
    "checkpoint_timeout, 2d, false",
    "checkpoint_timeout, 15MB, false",
    "log_min_duration_statement, -1, true",
    "log_min_duration_statement, 250ms, true",
    "max_connections, 300, true",
    "max_connections, 3.5, false",
    "max_connections, 0, false",
    "max_connections, many, false",
    "random_page_cost, 1.1, true",
    "random_page_cost, -1, false",
    "jit, on, true",
    "jit, FALSE, true",
    "jit, sometimes, false",
    "huge_pages, try, true",
    "huge_pages, maybe, false",
    "synchronous_commit, remote_apply, true",
    "synchronous_commit, true, true",
    "wal_level, Logical, true",
    "log_line_prefix, '%m [%p] ', true",
  })
  void valuesAreCheckedAsPostgresqlParsesThem(String name, String value, boolean accepted) {
    assertEquals(
        accepted,
        ServerParameters.problem(p(17, name), value).isEmpty(),
        () -> ServerParameters.problem(p(17, name), value).toString());
  }

  @Test
  void aValueIsOneLine() {
    assertFalse(ServerParameters.problem(p(17, "log_line_prefix"), "a\nb").isEmpty());
    assertFalse(ServerParameters.problem(p(17, "log_line_prefix"), "a\u0000").isEmpty());
  }

  @Test
  void aModuleIsKnownWhenHagenHasItsParameters() {
    assertTrue(ServerParameters.knownPrefix(17, "pg_stat_statements.mx"));
    assertTrue(ServerParameters.knownPrefix(17, "work_mem"));
    assertFalse(ServerParameters.knownPrefix(17, "timescaledb.max_background_workers"));
  }

  @Test
  void theDescriptionNamesTheUnitsAndRange() {
    assertEquals(
        "a whole number from 64 to 2147483647 (in kB), or with a unit: B, kB, MB, GB, TB",
        ServerParameters.describe(p(17, "work_mem")));
    assertEquals(
        "one of: minimal, replica, logical", ServerParameters.describe(p(17, "wal_level")));
    assertEquals(List.of("off", "on", "try"), p(17, "huge_pages").words());
  }

  /** What pg_settings.setting shows for a value: the configuration step checks with it. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "work_mem, 32MB, 32768",
    "work_mem, 1GB, 1048576",
    "work_mem, 4096, 4096",
    "shared_buffers, 1GB, 131072",
    "log_min_duration_statement, 250ms, 250",
    "log_min_duration_statement, 1s, 1000",
    "checkpoint_timeout, 15min, 900",
    "max_connections, 400, 400",
    "checkpoint_completion_target, 0.90, 0.9",
    "random_page_cost, 10, 10",
    "wal_compression, true, on",
    "hot_standby_feedback, off, off",
    "huge_pages, TRY, try",
    "log_line_prefix, '%t [%p] ', '%t [%p] '"
  })
  void aValueIsTheSettingPostgresqlShows(String name, String value, String setting) {
    assertEquals(java.util.Optional.of(setting), ServerParameters.setting(p(17, name), value));
  }

  @Test
  void anAmountIsInTheBaseUnitAndEmptyWhenItIsNoNumber() {
    assertEquals(
        0,
        new java.math.BigDecimal("65536")
            .compareTo(ServerParameters.amount(p(17, "work_mem"), "64MB").orElseThrow()));
    assertTrue(ServerParameters.amount(p(17, "work_mem"), "{{ x }}").isEmpty());
    assertTrue(ServerParameters.amount(p(17, "wal_level"), "logical").isEmpty());
  }
}
