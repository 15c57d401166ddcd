package dev.hagen.blueprint;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where a blueprint holds secrets, and how to keep them out of everything hagen prints. One rule
 * decides what a secret is, wherever it is asked: in the check that refuses secrets in {@code
 * autobase_vars} at any depth, in the source lines diagnostics echo, and in {@code explain}.
 *
 * <p>A secret is the value of a key whose name says so by its last word ({@code
 * patroni_superuser_password}, {@code repo1-s3-key-secret}, {@code postgresql_pgpass}, {@code
 * consul_acl_token}, {@code secretAccessKey}), or by a key word after what kind of key it is
 * ({@code *_access_key}, {@code *_secret_key}, {@code repo1-s3-key}; not {@code tls_ca_key:
 * ca.key}, a file name); or an {@code option}/{@code name} entry naming such a key beside its
 * {@code value} (autobase's {@code pgbackrest_conf}, {@code postgresql_parameters}); or any text
 * holding a PEM private key. Words that only describe the value ({@code _value}, {@code _hash},
 * {@code _content}) are looked through; words that make it something else ({@code _file}, {@code
 * _encryption_algorithm}, {@code _persistence}) are not a secret.
 */
public final class SecretValues {
  /** What stands in place of a secret wherever hagen would show it. */
  public static final String MASK = "********";

  private static final Set<String> SECRET_WORDS =
      Set.of(
          "password",
          "passwords",
          "passwd",
          "pwd",
          "pass",
          "pgpass",
          "passphrase",
          "secret",
          "secrets",
          "token",
          "tokens",
          "credential",
          "credentials",
          "apikey",
          "privatekey",
          "secretkey",
          "accesskey",
          "cookie");

  /**
   * The kinds of key that are key material, not a file or a name: {@code access key}, {@code s3
   * key}.
   */
  private static final Set<String> SECRET_KEY_KINDS =
      Set.of(
          "access",
          "secret",
          "private",
          "api",
          "s3",
          "azure",
          "gcs",
          "cipher",
          "encryption",
          "master",
          "signing",
          "hmac",
          "account",
          "storage",
          "sas",
          "shared",
          "auth",
          "customer");

  /** Words after the one that matters that say only how the secret is written. */
  private static final Set<String> DESCRIPTIVE =
      Set.of(
          "value",
          "values",
          "content",
          "contents",
          "data",
          "text",
          "string",
          "literal",
          "plain",
          "plaintext",
          "raw",
          "b64",
          "base64",
          "hash",
          "hashed",
          "md5",
          "sha256");

  /** Keys of an entry that names a setting whose {@code value} sits beside it. */
  private static final Set<String> NAMING_KEYS =
      Set.of("option", "name", "key", "parameter", "setting", "variable");

  private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY");

  /**
   * The endings of a name written as one word ({@code ldapbindpasswd}, {@code radiussecrets}, or
   * {@code pass_word} once its separators are gone) that make it a secret's.
   */
  private static final List<String> GLUED_SECRETS =
      List.of(
          "password",
          "passwd",
          "passphrase",
          "secret",
          "secrets",
          "token",
          "credential",
          "credentials",
          "apikey",
          "privatekey",
          "secretkey",
          "accesskey");

  /**
   * A {@code name=value} or {@code name: value} pair inside a text ({@code host=db password=x},
   * pg_hba's {@code "ldapbindpasswd"=x}), its name quoted or not.
   */
  private static final Pattern PAIR =
      Pattern.compile("([\"']?)([A-Za-z][A-Za-z0-9_.-]*)\\1\\s*(=|:(?=\\s|$))");

  /** A key as YAML spells it on a line: plain, quoted, after `?` or inside a flow mapping. */
  private static final Pattern KEY_ON_LINE =
      Pattern.compile("(?:^|[\\s{,?\\[-])([\"']?)([A-Za-z0-9_.\\-]+)\\1\\s*([:=,]|$)");

  private static final Pattern WORD_BOUNDARY =
      Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");

  private SecretValues() {}

  /** Whether the value of a key named {@code name} is a secret. */
  public static boolean isSecretName(String name) {
    List<String> words = new ArrayList<>();
    for (String w : WORD_BOUNDARY.split(name, -1)) {
      if (!w.isEmpty()) {
        words.add(w.toLowerCase(Locale.ROOT));
      }
    }
    while (words.size() > 1 && DESCRIPTIVE.contains(words.get(words.size() - 1))) {
      words.remove(words.size() - 1);
    }
    if (words.isEmpty()) {
      return false;
    }
    String last = words.get(words.size() - 1);
    String before = words.size() > 1 ? words.get(words.size() - 2) : "";
    String glued = String.join("", words);
    return SECRET_WORDS.contains(last)
        || ((last.equals("key") || last.equals("keys")) && SECRET_KEY_KINDS.contains(before))
        || GLUED_SECRETS.stream().anyMatch(glued::endsWith);
  }

  /**
   * Whether a text holds a secret's {@code name=value} pair: a connection string's {@code
   * password=}, pg_hba's {@code ldapbindpasswd=} (quoted or not), a {@code token: } line.
   */
  public static boolean hasSecretPair(String text) {
    Matcher m = PAIR.matcher(text);
    while (m.find()) {
      if (isSecretName(m.group(2))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a text is key material itself, whatever key holds it. */
  public static boolean isKeyMaterial(String text) {
    return PRIVATE_KEY.matcher(text).find();
  }

  // --- in bound data (autobase_vars) --------------------------------------------------------

  /**
   * A secret found in bound data: where ({@code autobase_vars.postgresql_users[0].password}), and
   * what it is.
   */
  public record Found(String path, boolean atKey, String what) {}

  /**
   * Every secret in a value bound from the blueprint ({@link Map}, {@link List} or a scalar) below
   * {@code path}.
   */
  public static void find(Object value, String path, Consumer<Found> found) {
    if (value instanceof Map<?, ?> map) {
      String named = namedSecret(map);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        String child = path + "." + key;
        if (isSecretName(key)) {
          found.accept(new Found(child, true, "is a secret"));
        } else if (key.equals(named)) {
          found.accept(
              new Found(
                  child,
                  true,
                  "names the secret setting `" + e.getValue() + "`, whose value is beside it"));
        } else {
          find(e.getValue(), child, found);
        }
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        find(list.get(i), path + "[" + i + "]", found);
      }
    } else if (value instanceof String s && isKeyMaterial(s)) {
      found.accept(new Found(path, false, "holds a private key"));
    }
  }

  /**
   * The key of an entry that names a secret setting with a value beside it ({@code option:
   * repo1-s3-key}).
   */
  private static String namedSecret(Map<?, ?> map) {
    if (map.size() < 2) {
      return null;
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (NAMING_KEYS.contains(String.valueOf(e.getKey()))
          && e.getValue() instanceof String s
          && isSecretName(s)) {
        return String.valueOf(e.getKey());
      }
    }
    return null;
  }

  /** A copy of bound data with every secret value replaced by {@link #MASK}, for display. */
  public static Object redacted(Object value) {
    if (value instanceof Map<?, ?> map) {
      String named = namedSecret(map);
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            String key = String.valueOf(k);
            boolean secret = isSecretName(key) || (named != null && !key.equals(named));
            copy.put(key, secret ? MASK : redacted(v));
          });
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(SecretValues::redacted).toList();
    }
    return value instanceof String s && (isKeyMaterial(s) || hasSecretPair(s)) ? MASK : value;
  }

  // --- in source lines ----------------------------------------------------------------------

  /** Where a secret value is written: from its first character to the one after its last. */
  public record Span(int line, int column, int endLine, int endColumn) {}

  /**
   * Fields of the blueprint format whose names sound secret but whose values are checked paths
   * ({@code ssh.private_key: ~/.ssh/lab}), or the section that says where secrets live.
   */
  private static final Set<String> FORMAT_PATHS =
      Set.of("secrets", "ssh.private_key", "nodes[].ssh_private_key");

  /** Fields of the blueprint format whose values are secrets though their names do not say so. */
  private static final Set<String> FORMAT_SECRETS = Set.of("backup.s3.key");

  /**
   * Sections of the blueprint format where a secret would be written if anywhere (S3's keys, a
   * user's password), with the keys whose values are shown: any other key's value is masked, so a
   * misspelt {@code Key:} or {@code pass_word:} is never echoed.
   */
  private static final Map<String, Set<String>> SECRET_SECTIONS =
      Map.of(
          "backup.s3",
          Set.of("endpoint", "bucket", "region", "path", "uri_style"),
          "postgresql.users[]",
          Set.copyOf(BlueprintFormat.keys("postgresql.users")));

  /**
   * The places of every secret value in a parsed blueprint: any key, any depth, any YAML spelling.
   */
  public static List<Span> spans(Node root) {
    List<Span> spans = new ArrayList<>();
    collect(root, "", false, spans, new IdentityHashMap<>());
    return spans;
  }

  private static void collect(
      Node node, String path, boolean secret, List<Span> spans, Map<Node, Boolean> seen) {
    if (seen.put(node, secret) != null && !secret) {
      return; // an alias seen before: once is enough, unless it is now under a secret key
    }
    if (node instanceof ScalarNode s) {
      if (secret || isKeyMaterial(s.getValue()) || hasSecretPair(s.getValue())) {
        spans.add(
            new Span(
                s.getStartMark().getLine() + 1,
                s.getStartMark().getColumn() + 1,
                s.getEndMark().getLine() + 1,
                s.getEndMark().getColumn() + 1));
      }
    } else if (node instanceof SequenceNode seq) {
      seq.getValue().forEach(item -> collect(item, path + "[]", secret, spans, seen));
    } else if (node instanceof MappingNode m) {
      boolean namesSecret =
          m.getValue().size() > 1
              && m.getValue().stream()
                  .anyMatch(
                      t ->
                          t.getKeyNode() instanceof ScalarNode k
                              && NAMING_KEYS.contains(k.getValue())
                              && t.getValueNode() instanceof ScalarNode v
                              && isSecretName(v.getValue()));
      for (NodeTuple t : m.getValue()) {
        String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
        String child = path.isEmpty() ? key : path + "." + key;
        Set<String> shown = SECRET_SECTIONS.get(path);
        boolean named =
            (isSecretName(key) && !FORMAT_PATHS.contains(child))
                || FORMAT_SECRETS.contains(child)
                || (shown != null && !shown.contains(key))
                || (namesSecret && !NAMING_KEYS.contains(key));
        collect(t.getKeyNode(), child, false, spans, seen);
        collect(t.getValueNode(), child, secret || named, spans, seen);
      }
    }
  }

  /**
   * The lines of a file as diagnostics may echo them. With the file's {@code spans} (it parsed),
   * each secret value's place is masked, whatever YAML spelling its key has. Without (it did not
   * parse), each line is masked after any key that names a secret, plain, quoted, after {@code ?}
   * or in a flow mapping, and so are the lines that continue its value.
   */
  public static List<String> masked(List<String> lines, Optional<List<Span>> spans) {
    if (spans.isPresent()) {
      List<StringBuilder> out = lines.stream().map(StringBuilder::new).toList();
      List<Span> ordered = new ArrayList<>(spans.get());
      ordered.sort((a, b) -> a.line() != b.line() ? b.line() - a.line() : b.column() - a.column());
      for (Span s : ordered) {
        for (int line = s.line(); line <= s.endLine() && line <= out.size(); line++) {
          StringBuilder text = out.get(line - 1);
          int from = line == s.line() ? Math.min(s.column() - 1, text.length()) : indent(text);
          int to =
              line == s.endLine()
                  ? Math.min(Math.max(s.endColumn() - 1, from), text.length())
                  : text.length();
          if (to > from) {
            text.replace(from, to, MASK);
          }
        }
      }
      return out.stream().map(StringBuilder::toString).toList();
    }
    List<String> result = new ArrayList<>();
    int deeperThan = -1; // the indent of a secret key whose value continues on the next lines
    boolean question = false; // that key was written `? key`: its value follows on a `:` line
    for (String line : lines) {
      int indent = indent(line);
      if (deeperThan >= 0 && !line.isBlank()) {
        if (indent > deeperThan) {
          result.add(line.substring(0, indent) + MASK);
          continue;
        }
        if (question && line.stripLeading().startsWith(":")) {
          result.add(line.substring(0, line.indexOf(':') + 1) + " " + MASK);
          question = false;
          continue;
        }
        deeperThan = -1;
      }
      int cut = cutAfterSecretKey(line);
      if (cut >= 0) {
        String rest = line.substring(cut).strip();
        if (rest.isEmpty() || rest.matches("[|>][-+0-9]*")) {
          deeperThan = indent;
          question = line.stripLeading().startsWith("?");
        } else {
          line = line.substring(0, cut) + " " + MASK;
        }
      }
      result.add(line);
    }
    return result;
  }

  /** Where a line's value begins after the first key (or entry name) that says secret, or -1. */
  private static int cutAfterSecretKey(String line) {
    Matcher m = KEY_ON_LINE.matcher(line);
    while (m.find()) {
      if (isSecretName(m.group(2))) {
        return m.end(3) == m.start(3) ? m.end(2) + m.group(1).length() : m.end(3);
      }
    }
    return -1;
  }

  private static int indent(CharSequence text) {
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }
}
