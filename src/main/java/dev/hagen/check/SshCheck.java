package dev.hagen.check;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import java.util.regex.Pattern;

/**
 * The connection settings land in the inventory, where Ansible templates every value: they must
 * be plain data, with no Jinja2 and no control characters.
 */
final class SshCheck implements Check {
  /** useradd's default NAME_REGEX, which Debian and Ubuntu enforce. */
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

  @Override
  public void run(Blueprint b, Diagnostics d) {
    var where = b.where();
    String user = b.ssh().user();
    if (!USER.matcher(user).matches()) {
      d.report(Code.INVALID_USER, where.at("ssh.user"), "`" + user + "` is not a valid Linux user name",
          "lower-case letters, digits, `_` and `-`, starting with a letter or `_`, e.g. `vagrant`");
    }
    keyPath(d, b, "ssh.private_key", b.ssh().privateKey());
    keyPath(d, b, "ssh.public_key", b.ssh().publicKey());
  }

  private static void keyPath(Diagnostics d, Blueprint b, String path, String value) {
    if (value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
      d.report(Code.UNSAFE_TEXT, b.where().at(path), "`" + path + "` must be a file path on one line",
          "e.g. `~/.ssh/id_ed25519`");
    } else if (containsJinja(value)) {
      d.report(Code.UNSAFE_TEXT, b.where().at(path),
          "`" + path + "` contains `{{`, `{%` or `{#`, which Ansible would evaluate as a template",
          "rename the file or directory so its path has no template markers");
    }
  }

  static boolean containsJinja(String s) {
    return s.contains("{{") || s.contains("{%") || s.contains("{#");
  }
}
