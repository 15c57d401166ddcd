package dev.hagen.render;

/** A generated file does not read back as what the plan meant: a bug in hagen, never the user's. */
public final class UnreadableOutputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnreadableOutputException(String path, String problem) {
    super(path + ": " + problem);
  }
}
