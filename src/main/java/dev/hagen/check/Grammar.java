package dev.hagen.check;

import dev.hagen.blueprint.BlueprintFormat;
import java.util.regex.Pattern;

/**
 * The grammar of every name and word hagen hands on to another program: one pattern each, read by
 * the blueprint's checks and by the reader of the cluster's record alike, so that a value a
 * blueprint could not hold can never reach a step through the record either.
 */
public final class Grammar {
  /** An RFC 1123 host name label: etcd, Patroni and HAProxy name members by it. */
  public static final Pattern NODE_NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  /** Patroni's scope and the output folder's name: no path separators, no leading dot. */
  public static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

  /** useradd's default NAME_REGEX, which Debian and Ubuntu enforce. */
  public static final Pattern LINUX_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

  /** Dotted IPv4, or DNS labels: what ansible_host may be without quoting or templating. */
  public static final Pattern SSH_HOST =
      Pattern.compile(
          "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  /** The longest DNS name. */
  public static final int SSH_HOST_LENGTH = 253;

  /** A server parameter: lowercase words, or a module's {@code module.name}. */
  public static final Pattern PARAMETER_NAME = Pattern.compile(BlueprintFormat.PARAMETER_NAME);

  /** A role or database name autobase's modules pass on unquoted. */
  public static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,62}");

  /** An autobase release as requirements.yml pins it. */
  public static final Pattern RELEASE = Pattern.compile("[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");

  private Grammar() {}

  /** Whether {@code s} holds a marker Ansible would evaluate as a template. */
  public static boolean hasJinja(String s) {
    return s.contains("{{") || s.contains("{%") || s.contains("{#");
  }

  /** Whether {@code s} is one line of text: no control character (a line break is one). */
  public static boolean oneLine(String s) {
    return s.codePoints().noneMatch(Character::isISOControl);
  }

  /**
   * Whether {@code s} is a file path hagen hands to Ansible as it is: one line, not blank, no
   * template markers.
   */
  public static boolean filePath(String s) {
    return !s.isBlank() && oneLine(s) && !hasJinja(s);
  }
}
