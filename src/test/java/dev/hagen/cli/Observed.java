package dev.hagen.cli;

import dev.hagen.Blueprints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/**
 * The lab's observations (src/test/resources/observed/, each written by observe.yml on the real
 * cluster), laid beside a fresh build of blueprints/lab.yml: the build's record is the one the lab
 * deployed, and each copy is stamped with its hash, as observe.yml stamps it. A test changes a copy
 * only as its name says (the version the lab runs, a member stopped), always in the file's text.
 */
final class Observed {
  static final Path FIXTURES = Path.of("src/test/resources/observed");

  /** The lab runs Debian 12's PostgreSQL 15 (vagrant/nspawn-overlay.yml); the blueprint says 17. */
  static final UnaryOperator<String> AT_THE_BLUEPRINTS_VERSION =
      t -> t.replace("\\\"server_version_num\\\" : 150018", "\\\"server_version_num\\\" : 170005");

  /** The seed's Patroni pg_hba taken out again by hand (the file Patroni wrote stays as it was). */
  static final UnaryOperator<String> WITHOUT_PATRONI_PG_HBA =
      t -> t.replaceAll("(?s)\"pg_hba\": \\[[^\\]]*\\]", "\"pg_hba\": []");

  /** A replica patronictl shows stopped where it streamed. */
  static final UnaryOperator<String> A_REPLICA_STOPPED =
      t ->
          t.replace(
              "\\\"Role\\\": \\\"Replica\\\", \\\"State\\\": \\\"streaming\\\"",
              "\\\"Role\\\": \\\"Replica\\\", \\\"State\\\": \\\"stopped\\\"");

  private Observed() {}

  /** blueprints/lab.yml built into {@code out}: the record the observations were taken beside. */
  static Path build(Path out) {
    Cli.Run built = Cli.hagen("build", Blueprints.LAB.toString(), "-o", out.toString());
    if (built.code() != 0) {
      throw new AssertionError(built.err());
    }
    return out.resolve("postgres-cluster");
  }

  /** The observation {@code name}, changed by {@code change}, stamped with the record beside it. */
  static Path copy(String name, Path cluster, Path to, UnaryOperator<String> change)
      throws IOException {
    String text = Files.readString(FIXTURES.resolve(name).resolve("observed.json"));
    String sha = sha256(Files.readAllBytes(cluster.resolve("hagen-state.yml")));
    text =
        text.replaceAll("\"record_sha256\": \"[0-9a-f]*\"", "\"record_sha256\": \"" + sha + "\"");
    Files.createDirectories(to.getParent());
    Files.writeString(to, change.apply(text), StandardCharsets.UTF_8);
    return to;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
