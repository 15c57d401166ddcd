package dev.hagen.blueprint;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a node does in the cluster. A node has one PostgreSQL role at most, plus any others. */
public enum Role {
  PRIMARY,
  REPLICA,
  ETCD,
  BALANCER;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromWord(String word) {
    return Arrays.stream(values()).filter(r -> r.word().equals(word)).findFirst();
  }
}
