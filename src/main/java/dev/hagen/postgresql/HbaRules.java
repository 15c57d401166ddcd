package dev.hagen.postgresql;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.Blueprint.HbaRule;
import dev.hagen.blueprint.Role;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which connections a blueprint's pg_hba rule decides, as PostgreSQL reads pg_hba.conf (the first
 * rule that matches a connection decides it) and as autobase 2.6.0's pg_hba.conf.j2 writes it: the
 * blueprint's rules come after autobase's local and loopback rules (and hagen's rule for each
 * balancer that runs no PostgreSQL), and before autobase's own rules for the cluster's PostgreSQL
 * hosts (every user, and replication, from each host's address).
 */
public final class HbaRules {
  /** The connections the cluster makes between its own hosts, which autobase's rules admit. */
  public enum Connection {
    /** a replica streaming, pg_basebackup, pg_rewind's replication: the replication user */
    REPLICATION("replication connections of the replication user"),
    /** Patroni and pg_rewind: the superuser, to the postgres database */
    SUPERUSER("the superuser's connections to the postgres database (Patroni, pg_rewind)"),
    /** clients through HAProxy on a balancer, which PostgreSQL sees from the balancer's address */
    CLIENTS("every client through HAProxy on it");

    private final String words;

    Connection(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /** autobase's default user names (2.4.1-2.6.0), unless autobase_vars sets others. */
  public static final String REPLICATION_USER = "replicator";

  public static final String SUPERUSER = "postgres";

  /** The methods that take the password the cluster's own connections bring. */
  public static final Set<String> PASSWORD_METHODS =
      Set.of("scram-sha-256", "md5", "password", "trust");

  private HbaRules() {}

  /** Whether {@code rule} matches {@code connection} from {@code address}, with TLS or not. */
  public static boolean matches(
      HbaRule rule, Connection connection, String address, boolean tls, Blueprint b) {
    boolean type =
        switch (rule.type()) {
          case "host" -> true;
          case "hostssl" -> tls;
          case "hostnossl" -> !tls;
          default -> false;
        };
    if (!type || !covers(rule.address(), address)) {
      return false;
    }
    List<String> databases = List.of(rule.database().split(","));
    List<String> users = List.of(rule.user().split(","));
    String replication = userName(b, "patroni_replication_username", REPLICATION_USER);
    String superuser = userName(b, "patroni_superuser_username", SUPERUSER);
    return switch (connection) {
      case REPLICATION ->
          databases.contains("replication")
              && (users.contains("all") || users.contains(replication));
      case SUPERUSER ->
          (databases.contains("all")
                  || databases.contains("postgres")
                  || (databases.contains("sameuser") && superuser.equals("postgres")))
              && (users.contains("all") || users.contains(superuser));
      case CLIENTS -> databases.contains("all") && users.contains("all");
    };
  }

  /** Whether a rule with {@code method} lets in a connection that brings a password. */
  public static boolean admits(String method) {
    return PASSWORD_METHODS.contains(method);
  }

  /**
   * Whether the rule's address covers {@code address}: an IP network or address, {@code all}, or
   * {@code samenet} (the cluster's own network is one the server is on). A host name or {@code
   * samehost} is not known to.
   */
  public static boolean covers(Optional<String> ruleAddress, String address) {
    if (ruleAddress.isEmpty()) {
      return false;
    }
    String a = ruleAddress.get();
    if (a.equals("all") || a.equals("samenet")) {
      return true;
    }
    IPAddress network = new IPAddressString(a).getAddress();
    IPAddress host = new IPAddressString(address).getAddress();
    return network != null && host != null && network.toPrefixBlock().contains(host);
  }

  /**
   * The addresses connections through the VIP arrive from: each balancer's, when HAProxy holds it.
   * Empty when clients connect to PostgreSQL directly (vip-manager, or no VIP).
   */
  public static List<String> balancerAddresses(Blueprint b) {
    if (!b.features().haproxy()) {
      return List.of();
    }
    return b.nodes().stream().filter(n -> n.has(Role.BALANCER)).map(Blueprint.Node::ip).toList();
  }

  /**
   * Whether a client rule meets connections through the VIP: it matches none when its address
   * covers no balancer's, and then autobase's rule for the cluster's hosts decides them.
   */
  public static boolean meetsTheVip(HbaRule rule, List<String> balancers) {
    IPAddress network = rule.address().map(a -> new IPAddressString(a).getAddress()).orElse(null);
    // Only an IP network is known not to cover them: a host name may, and loopback is local.
    return rule.type().equals("local")
        || balancers.isEmpty()
        || network == null
        || network.isLoopback()
        || balancers.stream().anyMatch(a -> covers(rule.address(), a));
  }

  private static String userName(Blueprint b, String variable, String autobaseDefault) {
    return b.autobaseVars().get(variable) instanceof String s ? s : autobaseDefault;
  }
}
