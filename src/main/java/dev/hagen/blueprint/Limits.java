package dev.hagen.blueprint;

/**
 * Every bound hagen puts on its input, in one place: blueprints are untrusted (anyone who can open
 * a pull request writes them), and each run must end in bounded time and memory. SECURITY.md lists
 * these; a test holds the two together.
 */
public final class Limits {
  /**
   * Bytes of one blueprint file, read with this bound whatever the file system says its size is.
   */
  public static final int MAX_BYTES = 1 << 20;

  /** Nesting of YAML collections. */
  public static final int MAX_DEPTH = 16;

  /** Aliases to collections: "billion laughs" documents stop here. */
  public static final int MAX_ALIASES = 20;

  /** Nodes of one cluster: far beyond any Patroni cluster. */
  public static final int MAX_NODES = 2000;

  /** Diagnostics shown per file; the rest are counted in one line ("and N more"). */
  public static final int MAX_DIAGNOSTICS_PER_FILE = 50;

  /** Blueprint files in one run, named or found in folders. */
  public static final int MAX_BLUEPRINTS = 1000;

  /** Levels of folders under a folder named on the command line. */
  public static final int MAX_FOLDER_DEPTH = 16;

  /**
   * Bytes of a file at one of hagen's output paths read to compare it: a larger one is not hagen's.
   */
  public static final int MAX_OWN_FILE = 4 << 20;

  private Limits() {}
}
