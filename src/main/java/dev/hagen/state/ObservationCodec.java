package dev.hagen.state;

import dev.hagen.blueprint.BlueprintFormat;
import dev.hagen.blueprint.Limits;
import dev.hagen.blueprint.StrictUtf8;
import dev.hagen.check.Grammar;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.SourcePosition;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads what observe.yml wrote ({@link Observation#FILE}). The file is untrusted input, as a record
 * is: a pull request can change it, and what it holds came from the cluster's hosts. So it is
 * bounded ({@link Limits#MAX_OWN_FILE}, UTF-8, JSON without duplicate keys), every name in it is
 * held to the grammar hagen holds a blueprint's to, every text hagen would print is one line, and a
 * part that cannot be read is a problem naming where it is, never a guess. Nothing read here is
 * ever run: a plan only compares it and prints it.
 */
public final class ObservationCodec {
  private ObservationCodec() {}

  /** An observation read from disk, or why it could not be. */
  public record Read(Optional<Observation> observation, List<Diagnostic> problems) {}

  public static Read read(byte[] bytes, String path) {
    Reader r = new Reader(path);
    if (bytes.length > Limits.MAX_OWN_FILE) {
      r.wrong("the file", "is larger than " + (Limits.MAX_OWN_FILE >> 20) + " MiB");
      return new Read(Optional.empty(), r.problems);
    }
    Optional<String> text = StrictUtf8.decode(bytes);
    if (text.isEmpty()) {
      r.wrong("the file", "is not UTF-8 text");
      return new Read(Optional.empty(), r.problems);
    }
    Optional<Object> doc = r.json(text.get(), "the file");
    Optional<Observation> o = doc.flatMap(r::observation);
    return new Read(r.problems.isEmpty() ? o : Optional.empty(), List.copyOf(r.problems));
  }

  /** JSON (a subset of YAML that SnakeYAML reads) as plain values, bounded like a blueprint. */
  private static Yaml jsonReader() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(0);
    options.setNestingDepthLimit(Limits.MAX_DEPTH);
    options.setCodePointLimit(Limits.MAX_OWN_FILE);
    options.setAllowRecursiveKeys(false);
    return new Yaml(new SafeConstructor(options));
  }

  private static final class Reader {
    final String path;
    final List<Diagnostic> problems = new ArrayList<>();

    Reader(String path) {
      this.path = path;
    }

    void wrong(String where, String why) {
      if (problems.size() < Limits.MAX_DIAGNOSTICS_PER_FILE) {
        problems.add(
            new Diagnostic(
                Code.DAMAGED_OBSERVATION,
                SourcePosition.wholeFile(path),
                where + " " + why,
                "take the observation again: ansible-playbook observe.yml, from the cluster's"
                    + " ansible/ folder"));
      }
    }

    Optional<Object> json(String text, String where) {
      String t = text.strip();
      if (!(t.startsWith("{") || t.startsWith("["))) {
        wrong(where, "is not JSON");
        return Optional.empty();
      }
      try {
        return Optional.ofNullable(jsonReader().load(t));
      } catch (RuntimeException e) {
        wrong(where, "is not JSON hagen can read");
        return Optional.empty();
      }
    }

    Optional<Observation> observation(Object doc) {
      if (!(doc instanceof Map<?, ?> m)) {
        wrong("the file", "is not a JSON object");
        return Optional.empty();
      }
      Object format = m.get("format");
      if (!(format instanceof Integer f) || f < 1 || f > Observation.FORMAT) {
        wrong(
            "format " + format,
            "is not one this hagen reads (up to "
                + Observation.FORMAT
                + "): observe.yml is from another hagen; rebuild the folder with this one");
        return Optional.empty();
      }
      String cluster = text(m.get("cluster"), "cluster", Grammar.CLUSTER_NAME.pattern());
      String takenAt = text(m.get("taken_at"), "taken_at", "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z");
      String sha = text(m.get("record_sha256"), "record_sha256", "([0-9a-f]{64})?");
      if (!(m.get("hosts") instanceof Map<?, ?> hosts)) {
        wrong("hosts", "is not a JSON object");
        return Optional.empty();
      }
      List<Observation.Member> members = new ArrayList<>();
      Map<String, String> patroni = new TreeMap<>();
      Map<String, String> dcsParameters = new TreeMap<>();
      List<String> dcsPgHba = new ArrayList<>();
      Optional<String> patroniVersion = Optional.empty();
      Map<String, Observation.Host> seen = new TreeMap<>();
      TreeSet<String> etcd = new TreeSet<>();
      List<String> vip = new ArrayList<>();
      List<String> unreached = new ArrayList<>();
      for (Map.Entry<?, ?> e : hosts.entrySet()) {
        String host = String.valueOf(e.getKey());
        if (!new IPAddressString(host).isIPv4() && !Grammar.NODE_NAME.matcher(host).matches()) {
          wrong("hosts", "names a host that is neither an address nor a host name");
          continue;
        }
        if (!(e.getValue() instanceof Map<?, ?> h)) {
          wrong("hosts." + host, "is not a JSON object");
          continue;
        }
        String at = "hosts." + host;
        if (h.get("postgresql") instanceof Map<?, ?> pg) {
          Optional<String> out =
              output(
                  pg.get("members"),
                  at + ".postgresql.members",
                  unreached,
                  host,
                  "patronictl list");
          if (members.isEmpty()) {
            out.flatMap(o -> json(o, at + ".postgresql.members"))
                .ifPresent(o -> members.addAll(members(o, at)));
          }
          if (patroni.isEmpty()
              && pg.get("config") instanceof Map<?, ?> config
              && !config.isEmpty()) {
            config(config, at + ".postgresql.config", patroni, dcsParameters);
            if (config.get("pg_hba") instanceof List<?> rules) {
              rules.forEach(
                  r -> dcsPgHba.add(oneLine(String.valueOf(r), at + ".postgresql.config.pg_hba")));
            }
          }
          if (patroniVersion.isEmpty() && pg.get("patroni_version") instanceof String v) {
            patroniVersion = version(v);
          }
          output(pg.get("postgresql"), at + ".postgresql.postgresql", unreached, host, "psql")
              .flatMap(o -> json(o, at + ".postgresql.postgresql"))
              .flatMap(o -> host(o, pg, at))
              .ifPresent(server -> seen.put(host, server));
        } else if (h.containsKey("postgresql") && h.get("postgresql") != null) {
          wrong(at + ".postgresql", "is not a JSON object");
        }
        if (h.get("etcd") instanceof Map<?, ?>) {
          output(h.get("etcd"), at + ".etcd", unreached, host, "etcdctl member list")
              .flatMap(o -> json(o, at + ".etcd"))
              .ifPresent(o -> etcd.addAll(etcdMembers(o, at + ".etcd")));
        }
        if (h.get("addresses") instanceof List<?> addresses) {
          for (Object a : addresses) {
            if (a instanceof String s && new IPAddressString(s).isIPv4()) {
              vip.add(host + " " + s);
            }
          }
        }
      }
      if (!problems.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new Observation(
              cluster,
              takenAt,
              sha,
              List.copyOf(members),
              Collections.unmodifiableMap(patroni),
              Collections.unmodifiableMap(dcsParameters),
              List.copyOf(dcsPgHba),
              patroniVersion,
              Collections.unmodifiableMap(seen),
              List.copyOf(etcd),
              List.copyOf(vip),
              List.copyOf(unreached)));
    }

    /** A command's standard output when it ran and succeeded; else why not, as unreached. */
    private Optional<String> output(
        Object result, String where, List<String> unreached, String host, String command) {
      if (!(result instanceof Map<?, ?> r) || !(r.get("rc") instanceof Integer rc)) {
        unreached.add(host + ": " + command + " did not run (host unreachable)");
        return Optional.empty();
      }
      if (rc != 0) {
        unreached.add(host + ": " + command + " exited " + rc);
        return Optional.empty();
      }
      if (!(r.get("stdout") instanceof String out)) {
        wrong(where + ".stdout", "is not text");
        return Optional.empty();
      }
      return Optional.of(out);
    }

    private List<Observation.Member> members(Object doc, String at) {
      List<Observation.Member> out = new ArrayList<>();
      if (!(doc instanceof List<?> list)) {
        wrong(at + ".postgresql.members", "is not patronictl's list of members");
        return out;
      }
      for (Object o : list) {
        if (!(o instanceof Map<?, ?> m)) {
          wrong(at + ".postgresql.members", "holds a member that is not a JSON object");
          continue;
        }
        String name = text(m.get("Member"), at + " member name", Grammar.NODE_NAME.pattern());
        String host = String.valueOf(m.get("Host"));
        host = host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        if (!new IPAddressString(host).isIPv4()) {
          wrong(
              at + ".postgresql.members",
              "gives member " + name + " a host that is not an address");
          continue;
        }
        String role = text(m.get("Role"), at + " member role", "[A-Za-z ]{1,32}");
        String state = text(m.get("State"), at + " member state", "[A-Za-z ]{1,32}");
        Optional<Integer> tl = m.get("TL") instanceof Integer i ? Optional.of(i) : Optional.empty();
        Optional<Long> lag =
            m.get("Lag in MB") instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
        Object pending = m.get("Pending restart");
        boolean pendingRestart =
            pending instanceof Boolean b ? b : pending instanceof String s && !s.isBlank();
        out.add(new Observation.Member(name, host, role, state, tl, lag, pendingRestart));
      }
      return out;
    }

    /** Patroni's dynamic settings hagen records, as text, and the DCS's parameters. */
    private void config(
        Map<?, ?> config, String at, Map<String, String> patroni, Map<String, String> parameters) {
      for (Map.Entry<?, ?> e : config.entrySet()) {
        String key = String.valueOf(e.getKey());
        // pg_hba is read by the caller, as a list.
        if (key.equals("parameters") && e.getValue() instanceof Map<?, ?> p) {
          p.forEach(
              (name, value) -> {
                String n = String.valueOf(name);
                if (n.matches(BlueprintFormat.PARAMETER_NAME) && scalar(value)) {
                  parameters.put(n, oneLine(String.valueOf(value), at + ".parameters." + n));
                }
              });
        } else if (!key.equals("pg_hba") && scalar(e.getValue())) {
          String k = Observation.RENAMED_DCS_KEYS.getOrDefault(key, key);
          if (ClusterState.Settings.PATRONI_DCS.containsKey(k)) {
            patroni.put(k, oneLine(String.valueOf(e.getValue()), at + "." + key));
          }
        }
      }
    }

    private static boolean scalar(Object o) {
      return o instanceof String || o instanceof Number || o instanceof Boolean;
    }

    private Optional<String> version(String v) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("([0-9]+\\.[0-9]+\\.[0-9]+)").matcher(v);
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private Optional<Observation.Host> host(Object doc, Map<?, ?> pg, String at) {
      if (!(doc instanceof Map<?, ?> m) || !(m.get("server_version_num") instanceof Integer v)) {
        wrong(at + ".postgresql.postgresql", "is not the server's description");
        return Optional.empty();
      }
      Map<String, Observation.Setting> settings = new TreeMap<>();
      for (Map<?, ?> s : objects(m.get("settings"))) {
        if (s.get("name") instanceof String name && name.matches(BlueprintFormat.PARAMETER_NAME)) {
          settings.put(
              name,
              new Observation.Setting(
                  oneLine(
                      s.get("setting") == null ? "" : String.valueOf(s.get("setting")),
                      at + " " + name),
                  s.get("unit") instanceof String u ? u : "",
                  s.get("source") instanceof String src ? src : "",
                  Boolean.TRUE.equals(s.get("pending_restart"))));
        }
      }
      List<ClusterState.HbaRule> hba = new ArrayList<>();
      for (Map<?, ?> r : objects(m.get("pg_hba"))) {
        hba.add(hbaRule(r, at + ".pg_hba"));
      }
      Map<String, ClusterState.User> roles = new TreeMap<>();
      for (Map<?, ?> r : objects(m.get("roles"))) {
        name(r, at + ".roles", "a role").ifPresent(name -> roles.put(name, user(r)));
      }
      Map<String, ClusterState.Database> databases = new TreeMap<>();
      Map<?, ?> extensions = pg.get("extensions") instanceof Map<?, ?> x ? x : Map.of();
      for (Map<?, ?> d : objects(m.get("databases"))) {
        Optional<String> named = name(d, at + ".databases", "a database");
        if (named.isPresent()) {
          String name = named.get();
          List<String> ext = new ArrayList<>();
          if (extensions.get(name) instanceof String e
              && json(e, at + ".extensions." + name).orElse(null) instanceof List<?> names) {
            names.forEach(x -> ext.add(oneLine(String.valueOf(x), at + ".extensions." + name)));
          }
          databases.put(
              name,
              new ClusterState.Database(
                  oneLine(String.valueOf(d.get("owner")), at + ".databases." + name),
                  oneLine(String.valueOf(d.get("encoding")), at + ".databases." + name),
                  oneLine(String.valueOf(d.get("locale")), at + ".databases." + name),
                  List.copyOf(ext)));
        }
      }
      Map<String, String> autobase = new LinkedHashMap<>();
      for (Map<?, ?> a : objects(pg.get("autobase"))) {
        if (a.get("expression") instanceof String x && scalar(a.get("value"))) {
          autobase.put(x, oneLine(String.valueOf(a.get("value")), at + ".autobase"));
        }
      }
      return Optional.of(
          new Observation.Host(
              v,
              String.valueOf(m.get("system_identifier")),
              Boolean.TRUE.equals(m.get("in_recovery")),
              Boolean.TRUE.equals(m.get("data_checksums")),
              Collections.unmodifiableMap(settings),
              List.copyOf(hba),
              Collections.unmodifiableMap(roles),
              Collections.unmodifiableMap(databases),
              Collections.unmodifiableMap(autobase)));
    }

    /** A rule of pg_hba_file_rules as pg_hba.conf would hold it: address/netmask as a prefix. */
    private ClusterState.HbaRule hbaRule(Map<?, ?> r, String at) {
      String address = r.get("address") instanceof String a ? a : "";
      if (r.get("netmask") instanceof String mask && !address.isEmpty()) {
        IPAddressString m = new IPAddressString(mask);
        Integer prefix = m.isValid() ? m.getAddress().getBlockMaskPrefixLength(true) : null;
        address = prefix == null ? address + "/" + mask : address + "/" + prefix;
      }
      String options =
          r.get("options") instanceof List<?> l
              ? String.join(" ", l.stream().map(String::valueOf).toList())
              : "";
      String error = r.get("error") instanceof String e ? e : "";
      return new ClusterState.HbaRule(
          oneLine(String.valueOf(r.get("type")), at),
          oneLine(words(r.get("database")), at),
          oneLine(words(r.get("user_name")), at),
          oneLine(address, at),
          oneLine(r.get("auth_method") == null ? "" : String.valueOf(r.get("auth_method")), at),
          oneLine(error.isEmpty() ? options : options + " (error: " + error + ")", at));
    }

    private static String words(Object o) {
      return o instanceof List<?> l
          ? String.join(",", l.stream().map(String::valueOf).toList())
          : String.valueOf(o);
    }

    /** A role's attributes as the record writes them: LOGIN or NOLOGIN, then the others. */
    private static ClusterState.User user(Map<?, ?> r) {
      List<String> flags = new ArrayList<>();
      flags.add(Boolean.TRUE.equals(r.get("login")) ? "LOGIN" : "NOLOGIN");
      for (String flag : BlueprintFormat.USER_FLAGS) {
        String key = flag.toLowerCase(Locale.ROOT);
        if (flag.equals("NOINHERIT")) {
          if (Boolean.FALSE.equals(r.get("inherit"))) {
            flags.add(flag);
          }
        } else if (Boolean.TRUE.equals(r.get(key))) {
          flags.add(flag);
        }
      }
      Optional<String> memberOf = Optional.empty();
      if (r.get("member_of") instanceof List<?> l && !l.isEmpty()) {
        memberOf = Optional.of(String.join(",", l.stream().map(String::valueOf).toList()));
      }
      return new ClusterState.User(List.copyOf(flags), memberOf);
    }

    private List<String> etcdMembers(Object doc, String at) {
      List<String> out = new ArrayList<>();
      if (doc instanceof Map<?, ?> m && m.get("members") instanceof List<?>) {
        for (Map<?, ?> member : objects(m.get("members"))) {
          if (member.get("name") instanceof String name) {
            out.add(oneLine(name, at));
          }
        }
      } else {
        wrong(at, "is not etcdctl's list of members");
      }
      return out;
    }

    /** The JSON objects in {@code value} when it is a list; none otherwise. */
    private static List<Map<?, ?>> objects(Object value) {
      List<Map<?, ?>> out = new ArrayList<>();
      if (value instanceof List<?> list) {
        list.stream().filter(Map.class::isInstance).forEach(o -> out.add((Map<?, ?>) o));
      }
      return out;
    }

    /** A role's or a database's name when hagen can print it; else a problem, and none. */
    private Optional<String> name(Map<?, ?> o, String where, String what) {
      if (!(o.get("name") instanceof String name)) {
        return Optional.empty();
      }
      if (!Grammar.ROLE_NAME.matcher(name).matches()) {
        wrong(where, "has " + what + " whose name hagen does not print");
        return Optional.empty();
      }
      return Optional.of(name);
    }

    /** {@code value} when it is one line of printable text; else a problem, and "". */
    private String oneLine(String value, String where) {
      if (!Grammar.oneLine(value) || value.length() > 4096) {
        wrong(where, "holds text hagen does not print (a line break, a control character)");
        return "";
      }
      return value;
    }

    /** {@code value} when it is text matching {@code pattern}; else a problem, and "". */
    private String text(Object value, String where, String pattern) {
      if (value instanceof String s && s.matches(pattern)) {
        return s;
      }
      wrong(where, "is not what observe.yml writes");
      return "";
    }
  }
}
