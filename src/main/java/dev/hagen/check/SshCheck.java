package dev.hagen.check;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import java.util.regex.Pattern;

/**
 * The connection settings land in the inventory, where Ansible templates every value: they must be
 * plain data, with no Jinja2 and no control characters.
 */
final class SshCheck implements Check {

  @Override
  public void run(Blueprint b, Diagnostics d) {
    var where = b.where();
    userName(d, b, "ssh.user", b.ssh().user(), "vagrant");
    keyPath(d, b, "ssh.private_key", b.ssh().privateKey());
    keyPath(d, b, "ssh.public_key", b.ssh().publicKey());
    for (int i = 0; i < b.nodes().size(); i++) {
      var node = b.nodes().get(i);
      String path = "nodes[" + i + "].";
      node.ssh().user().ifPresent(u -> userName(d, b, path + "ssh_user", u, "ubuntu"));
      node.ssh().privateKey().ifPresent(k -> keyPath(d, b, path + "ssh_private_key", k));
      node.ssh()
          .host()
          .filter(
              h -> !Grammar.SSH_HOST.matcher(h).matches() || h.length() > Grammar.SSH_HOST_LENGTH)
          .ifPresent(
              h ->
                  d.report(
                      Code.INVALID_SSH_HOST,
                      where.at(path + "ssh_host"),
                      "`" + h + "` is not an IPv4 address or a DNS name",
                      "e.g. `ssh_host: 203.0.113.10` or `ssh_host: pg-1.example.com`"));
    }
    b.secrets()
        .vaultFile()
        .ifPresent(
            file -> {
              if (!VAULT_FILE.matcher(file).matches() || file.endsWith("/")) {
                d.report(
                    Code.UNSAFE_TEXT,
                    where.at("secrets.vault_file"),
                    "`secrets.vault_file` must be a plain file path of at most 100"
                        + " characters: letters, digits, `.`, `_`, `-`, `+`, `@` and `/`",
                    "e.g. `vault_file: ../secrets/prod.vault.yml`,"
                        + " relative to the generated ansible/ folder, or an absolute path (`~` is not expanded there)");
              }
            });
  }

  /**
   * The vault path sits inside a Jinja2 string inside a YAML string: no quoting character at all.
   */
  private static final Pattern VAULT_FILE = Pattern.compile("[A-Za-z0-9._+@/-]{1,100}");

  private static void userName(
      Diagnostics d, Blueprint b, String path, String user, String example) {
    if (!Grammar.LINUX_USER.matcher(user).matches()) {
      d.report(
          Code.INVALID_USER,
          b.where().at(path),
          "`" + user + "` is not a valid Linux user name",
          "lower-case letters, digits, `_` and `-`, starting with a letter or `_`, e.g. `"
              + example
              + "`");
    }
  }

  private static void keyPath(Diagnostics d, Blueprint b, String path, String value) {
    if (value.isBlank() || !Grammar.oneLine(value)) {
      d.report(
          Code.UNSAFE_TEXT,
          b.where().at(path),
          "`" + path + "` must be a file path on one line",
          "e.g. `~/.ssh/id_ed25519`");
    } else if (Grammar.hasJinja(value)) {
      d.report(
          Code.UNSAFE_TEXT,
          b.where().at(path),
          "`" + path + "` contains `{{`, `{%` or `{#`, which Ansible would evaluate as a template",
          "rename the file or directory so its path has no template markers");
    }
  }
}
