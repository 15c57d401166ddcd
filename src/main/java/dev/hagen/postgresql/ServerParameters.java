package dev.hagen.postgresql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's server parameters, per major version: each one's context, type, unit, range and
 * words, as that version's own {@code pg_settings} reports them (parameters-&lt;major&gt;.tsv,
 * written by scripts/postgresql-parameters). Loaded per version on first use.
 */
public final class ServerParameters {
  /** The major versions the data covers: every one autobase installs. */
  public static final int OLDEST = 10;

  public static final int NEWEST = 18;

  /** When a changed value takes effect: {@code pg_settings.context}. */
  public enum Context {
    /** compiled in or fixed at initdb: cannot be set */
    INTERNAL,
    /** read at server start only: a restart */
    POSTMASTER,
    /** everything else: a reload (sighup), or new sessions (backend, superuser, user) */
    RELOAD;

    static Context of(String word) {
      return switch (word) {
        case "internal" -> INTERNAL;
        case "postmaster" -> POSTMASTER;
        default -> RELOAD;
      };
    }

    public String word() {
      return switch (this) {
        case INTERNAL -> "read-only";
        case POSTMASTER -> "restart";
        case RELOAD -> "reload";
      };
    }
  }

  /** One row of pg_settings; {@code min}/{@code max} in {@code unit}, empty for text and enums. */
  public record Parameter(
      String name,
      Context context,
      String type,
      String unit,
      String min,
      String max,
      List<String> words) {}

  private static final Map<Integer, Map<String, Parameter>> BY_VERSION = new ConcurrentHashMap<>();

  private ServerParameters() {}

  /** Every parameter of PostgreSQL {@code major} by name; empty for a version without data. */
  public static Map<String, Parameter> of(int major) {
    if (major < OLDEST || major > NEWEST) {
      return Map.of();
    }
    return BY_VERSION.computeIfAbsent(major, ServerParameters::load);
  }

  /**
   * The parameter {@code name} of PostgreSQL {@code major}. A name with a dot belongs to a module
   * (pg_stat_statements.max): PostgreSQL accepts any such name, and hagen knows only the modules
   * autobase preloads; the others are empty here, and {@link #knownPrefix} says which is which.
   */
  public static Optional<Parameter> find(int major, String name) {
    return Optional.ofNullable(of(major).get(name));
  }

  /** Whether hagen has the parameters of the module a dotted name belongs to. */
  public static boolean knownPrefix(int major, String name) {
    int dot = name.indexOf('.');
    if (dot < 0) {
      return true;
    }
    String prefix = name.substring(0, dot + 1);
    return of(major).keySet().stream().anyMatch(n -> n.startsWith(prefix));
  }

  // --- values ---------------------------------------------------------------------------------

  private static final List<String> BOOL_WORDS =
      List.of("on", "off", "true", "false", "yes", "no", "1", "0", "t", "f", "y", "n");

  private static final Pattern NUMBER_WITH_UNIT =
      Pattern.compile(
          "\\s*([-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\\s*([A-Za-z]*)\\s*");

  /** Memory units in bytes, time units in microseconds: PostgreSQL's own spellings. */
  private static final Map<String, BigDecimal> MEMORY =
      units("B", 1, "kB", 1L << 10, "MB", 1L << 20, "GB", 1L << 30, "TB", 1L << 40);

  private static final Map<String, BigDecimal> TIME =
      units(
          "us",
          1,
          "ms",
          1_000,
          "s",
          1_000_000,
          "min",
          60_000_000L,
          "h",
          3_600_000_000L,
          "d",
          86_400_000_000L);

  /**
   * Why {@code value} is not a value {@code p} takes, or empty when PostgreSQL accepts it. Text
   * parameters take any text; the others are checked as PostgreSQL parses them (bool words, a
   * number with one of the unit's spellings, a word of the enum), and numbers against the range.
   */
  public static Optional<String> problem(Parameter p, String value) {
    if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      // postgresql.conf, which Patroni writes, holds one setting a line.
      return Optional.of("a value is one line, without control characters");
    }
    String v = value.strip();
    switch (p.type()) {
      case "bool":
        return BOOL_WORDS.contains(v.toLowerCase(Locale.ROOT))
            ? Optional.empty()
            : Optional.of("`" + p.name() + "` is on or off");
      case "enum":
        String lower = v.toLowerCase(Locale.ROOT);
        boolean boolish = p.words().contains("on") && BOOL_WORDS.contains(lower);
        return p.words().contains(lower) || boolish
            ? Optional.empty()
            : Optional.of("`" + p.name() + "` is one of: " + String.join(", ", p.words()));
      case "integer", "real":
        return number(p, v);
      default:
        return Optional.empty();
    }
  }

  private static Optional<String> number(Parameter p, String v) {
    Matcher m = NUMBER_WITH_UNIT.matcher(v);
    String expected = "`" + p.name() + "` is " + describe(p);
    if (!m.matches()) {
      return Optional.of(expected);
    }
    BigDecimal n = new BigDecimal(m.group(1));
    String unit = m.group(2);
    if (p.type().equals("integer") && unit.isEmpty() && n.stripTrailingZeros().scale() > 0) {
      return Optional.of(expected);
    }
    BigDecimal inBase = n;
    if (!unit.isEmpty()) {
      Optional<BigDecimal> factor = factor(p.unit(), unit);
      if (factor.isEmpty()) {
        return Optional.of(expected);
      }
      inBase = n.multiply(factor.get());
    }
    boolean below = !p.min().isEmpty() && inBase.compareTo(new BigDecimal(p.min())) < 0;
    boolean above = !p.max().isEmpty() && inBase.compareTo(new BigDecimal(p.max())) > 0;
    if (below || above) {
      return Optional.of(expected);
    }
    return Optional.empty();
  }

  /**
   * A number's value in the parameter's base unit ({@code 32MB} of work_mem is 32768): what
   * pg_settings.setting shows once PostgreSQL runs with it; empty for a value that is not a number
   * of this parameter (or not a number parameter).
   */
  public static Optional<BigDecimal> amount(Parameter p, String value) {
    if (!p.type().equals("integer") && !p.type().equals("real")) {
      return Optional.empty();
    }
    Matcher m = NUMBER_WITH_UNIT.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    BigDecimal n = new BigDecimal(m.group(1));
    if (m.group(2).isEmpty()) {
      return Optional.of(n);
    }
    return factor(p.unit(), m.group(2)).map(n::multiply);
  }

  /**
   * The text pg_settings.setting shows for {@code value}: on/off for booleans, the enum's word,
   * whole numbers in the base unit (rounded as PostgreSQL rounds), text as written; empty when
   * hagen cannot tell (a number it cannot read).
   */
  public static Optional<String> setting(Parameter p, String value) {
    String v = value.strip();
    return switch (p.type()) {
      case "bool" -> Optional.of(onOff(v));
      case "enum" -> {
        String lower = v.toLowerCase(Locale.ROOT);
        yield Optional.of(
            !p.words().contains(lower) && BOOL_WORDS.contains(lower) ? onOff(v) : lower);
      }
      case "integer" ->
          amount(p, v).map(a -> a.setScale(0, java.math.RoundingMode.HALF_UP).toPlainString());
      case "real" -> amount(p, v).map(a -> a.stripTrailingZeros().toPlainString());
      default -> Optional.of(value);
    };
  }

  /** A boolean word as pg_settings shows it. */
  private static String onOff(String word) {
    return List.of("on", "true", "yes", "1", "t", "y").contains(word.toLowerCase(Locale.ROOT))
        ? "on"
        : "off";
  }

  /** A base unit as pg_settings writes it: a count, then a unit ({@code 8kB}, {@code ms}). */
  private static final Pattern BASE_UNIT = Pattern.compile("([0-9]*)(.*)");

  /** How many of the parameter's base unit ({@code 8kB}, {@code ms}) one {@code unit} is. */
  private static Optional<BigDecimal> factor(String base, String unit) {
    Matcher m = BASE_UNIT.matcher(base);
    if (!m.matches()) {
      return Optional.empty();
    }
    BigDecimal count = m.group(1).isEmpty() ? BigDecimal.ONE : new BigDecimal(m.group(1));
    String baseUnit = m.group(2);
    for (Map<String, BigDecimal> family : List.of(MEMORY, TIME)) {
      if (family.containsKey(baseUnit) && family.containsKey(unit)) {
        return Optional.of(
            family
                .get(unit)
                .divide(family.get(baseUnit).multiply(count), java.math.MathContext.DECIMAL64));
      }
    }
    return Optional.empty();
  }

  /** The kind of value a parameter takes, in words: for messages and {@code hagen explain}. */
  public static String describe(Parameter p) {
    String range =
        p.min().isEmpty()
            ? ""
            : " from "
                + p.min()
                + " to "
                + p.max()
                + (p.unit().isEmpty() ? "" : " (in " + p.unit() + ")");
    return switch (p.type()) {
      case "bool" -> "on or off";
      case "enum" -> "one of: " + String.join(", ", p.words());
      case "integer" ->
          "a whole number"
              + range
              + (unitsOf(p).isEmpty() ? "" : ", or with a unit: " + String.join(", ", unitsOf(p)));
      case "real" ->
          "a number"
              + range
              + (unitsOf(p).isEmpty() ? "" : ", or with a unit: " + String.join(", ", unitsOf(p)));
      default -> "text";
    };
  }

  private static List<String> unitsOf(Parameter p) {
    String base = p.unit().replaceAll("^[0-9]+", "");
    for (Map<String, BigDecimal> family : List.of(MEMORY, TIME)) {
      if (family.containsKey(base)) {
        return List.copyOf(family.keySet());
      }
    }
    return List.of();
  }

  private static Map<String, BigDecimal> units(Object... pairs) {
    Map<String, BigDecimal> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], BigDecimal.valueOf(((Number) pairs[i + 1]).longValue()));
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  // --- the data -------------------------------------------------------------------------------

  /** Rows: name, context, vartype, unit, min_val, max_val, enumvals (comma-separated). */
  private static Map<String, Parameter> load(int major) {
    String resource = "parameters-" + major + ".tsv";
    Map<String, Parameter> byName = new LinkedHashMap<>();
    try (InputStream in = ServerParameters.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is missing from the hagen jar");
      }
      new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .forEach(
              row -> {
                String[] c = row.split("\t", -1);
                byName.put(
                    c[0],
                    new Parameter(
                        c[0],
                        Context.of(c[1]),
                        c[2],
                        c[3],
                        c[4],
                        c[5],
                        c[6].isEmpty() ? List.of() : Arrays.asList(c[6].split(","))));
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return java.util.Collections.unmodifiableMap(byName);
  }
}
