package dev.hagen.blueprint;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a node does in the cluster. A node has one PostgreSQL role at most, plus any others; {@code
 * backup} (pgBackRest's repository host) runs no PostgreSQL.
 */
public enum Role {
  PRIMARY,
  REPLICA,
  ETCD,
  BALANCER,
  BACKUP;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a node with {@code roles} runs PostgreSQL (with Patroni): the primary or a replica. */
  public static boolean runsPostgres(java.util.Collection<Role> roles) {
    return roles.contains(PRIMARY) || roles.contains(REPLICA);
  }

  public static Optional<Role> fromWord(String word) {
    return Arrays.stream(values()).filter(r -> r.word().equals(word)).findFirst();
  }
}
