package dev.hagen.blueprint;

import java.util.Locale;

/**
 * Where the password of a user the blueprint declares comes from when the playbook runs: never the
 * blueprint. Written once here; the binder's hint, the plan's lookups, the deploy guard and the
 * cluster README all name these.
 */
public final class Passwords {
  private Passwords() {}

  /** The controller's environment variable: {@code app-user} reads HAGEN_USER_APP_USER_PASSWORD. */
  public static String environmentVariable(String user) {
    return "HAGEN_USER_" + user.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
  }

  /** The key of the Ansible Vault file ({@code secrets.vault_file}). */
  public static String vaultKey(String user) {
    return "user_" + user + "_password";
  }
}
