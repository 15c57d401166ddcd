package dev.hagen.cli;

/**
 * Every exit code hagen gives, in one place: the commands return them, `hagen --help` lists them,
 * and tests compare with them. {@code hagen plan} keeps Terraform's detailed codes, so there a
 * wrong command line is 1, not 2 (picocli's {@code exitCodeOnInvalidInput} on that command).
 */
public final class ExitCode {
  private ExitCode() {}

  public static final int OK = 0;
  public static final int INVALID_BLUEPRINT = 1;
  public static final int USAGE = 2;
  public static final int OUTPUT_REFUSED = 3;

  /** {@code --check}: the output on disk is not what the blueprints produce. */
  public static final int STALE = 4;

  public static final int INTERNAL_ERROR = 70;

  /** sysexits' EX_IOERR: the machine, not hagen, failed (a full disk, a read-only mount). */
  public static final int IO_ERROR = 74;

  /** sysexits' EX_TEMPFAIL: another run holds the output folder; try again later. */
  public static final int BUSY = 75;

  /** hagen plan: nothing to change. */
  public static final int PLAN_NOTHING = 0;

  /** hagen plan: a blueprint is invalid, a change refused, a record damaged, a wrong option. */
  public static final int PLAN_ERRORS = 1;

  /** hagen plan: changes planned (or a cluster not built yet). */
  public static final int PLAN_CHANGES = 2;

  /** A build halted on purpose by a test between two of its writes (never in normal use). */
  static final int HALTED = 99;
}
