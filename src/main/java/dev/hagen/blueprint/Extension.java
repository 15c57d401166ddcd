package dev.hagen.blueprint;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL extensions autobase can install, by the word a blueprint uses, with the {@code
 * enable_*} flags that turn each one on (autobase reads both spellings for TimescaleDB).
 */
public enum Extension {
  TIMESCALEDB("timescaledb", "enable_timescale", "enable_timescaledb"),
  CITUS("citus", "enable_citus"),
  PG_CRON("pg_cron", "enable_pg_cron"),
  PGAUDIT("pgaudit", "enable_pgaudit"),
  PG_STAT_KCACHE("pg_stat_kcache", "enable_pg_stat_kcache"),
  PG_WAIT_SAMPLING("pg_wait_sampling", "enable_pg_wait_sampling"),
  PG_PARTMAN("pg_partman", "enable_pg_partman"),
  PARADEDB("paradedb", "enable_paradedb"),
  PG_SEARCH("pg_search", "enable_pg_search"),
  PG_ANALYTICS("pg_analytics", "enable_pg_analytics"),
  PGVECTOR("pgvector", "enable_pgvector"),
  PGVECTORSCALE("pgvectorscale", "enable_pgvectorscale"),
  POSTGIS("postgis", "enable_postgis"),
  PGROUTING("pgrouting", "enable_pgrouting"),
  PG_REPACK("pg_repack", "enable_pg_repack");

  private final String word;

  @SuppressWarnings("ImmutableEnumChecker") // List.of: immutable
  private final List<String> flags;

  Extension(String word, String... flags) {
    this.word = word;
    this.flags = List.of(flags);
  }

  public String word() {
    return word;
  }

  public List<String> flags() {
    return flags;
  }

  public static Optional<Extension> fromWord(String word) {
    return Arrays.stream(values()).filter(e -> e.word.equals(word)).findFirst();
  }

  public static List<String> words() {
    return Arrays.stream(values()).map(Extension::word).toList();
  }
}
