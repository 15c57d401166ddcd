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

  public static Optional<Role> fromWord(String word) {
    return Arrays.stream(values()).filter(r -> r.word().equals(word)).findFirst();
  }
}
