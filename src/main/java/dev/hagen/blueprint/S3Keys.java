package dev.hagen.blueprint;

import java.util.List;

/**
 * Where the S3 access keys of a backup repository come from when the playbook runs: never the
 * blueprint. Written once here; the binder's hint, the plan's lookups, the deploy guard and the
 * cluster README all name these.
 */
public final class S3Keys {
  private S3Keys() {}

  /** The blueprint keys a user may reach for, refused with {@link #whereFrom()}. */
  public static final List<String> FIELDS =
      List.of("key", "key_secret", "access_key", "secret_key");

  /** autobase's variables, which are also the vault keys; then the environment variables. */
  public static final String KEY_VARIABLE = "pgbackrest_s3_key";

  public static final String SECRET_VARIABLE = "pgbackrest_s3_key_secret";
  public static final String KEY_ENVIRONMENT = "HAGEN_S3_KEY";
  public static final String SECRET_ENVIRONMENT = "HAGEN_S3_KEY_SECRET";

  public static String whereFrom() {
    return "hagen reads the keys when the playbook runs, from the environment variables "
        + KEY_ENVIRONMENT
        + " and "
        + SECRET_ENVIRONMENT
        + " (or, with `secrets.vault_file`, the vault keys "
        + KEY_VARIABLE
        + " and "
        + SECRET_VARIABLE
        + ")";
  }
}
