package dev.hagen.render;

/** Test access to the read-back's YAML reader (which knows Ansible's !unsafe). */
public final class ReadBackAccess {
  private ReadBackAccess() {}

  public static Object yaml(String text) {
    return ReadBack.yaml(text);
  }

  public static Object data(String s) {
    return ReadBack.data(s);
  }
}
