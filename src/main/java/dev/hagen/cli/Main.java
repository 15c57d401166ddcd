package dev.hagen.cli;

import dev.hagen.Version;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hagen} command. Returns exit codes and writes only to the writers it is given. */
@Command(
    name = "hagen",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description =
        "Compiles a blueprint of a highly available PostgreSQL cluster into a Vagrantfile,"
            + " an Ansible inventory, group_vars and playbooks for the vitabaks.autobase collection.",
    subcommands = {
      InitCommand.class,
      ValidateCommand.class,
      BuildCommand.class,
      PlanCommand.class,
      ExplainCommand.class,
      SchemaCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the blueprint has errors (nothing written)",
      "2:wrong command line",
      "3:output refused: the output folder holds something not hagen's to change (nothing written)",
      "4:--check: the output on disk is not what the blueprints produce",
      "70:internal error in hagen (please report it)",
      "74:the output could not be read or written: disk full, read-only, permissions, not a folder",
      "75:another hagen run held the output folder for all of --wait"
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int INVALID_BLUEPRINT = 1;
  public static final int USAGE = 2;
  public static final int OUTPUT_REFUSED = 3;
  public static final int STALE = 4;
  public static final int INTERNAL_ERROR = 70;

  /** sysexits' EX_IOERR: the machine, not hagen, failed (a full disk, a read-only mount). */
  public static final int IO_ERROR = 74;

  /** sysexits' EX_TEMPFAIL: another run holds the output folder; try again later. */
  public static final int BUSY = 75;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("build")) {
      WarmUp.start();
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err));
  }

  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine(out, err);
    // hagen plan keeps Terraform's exit codes: 2 means "changes", so a wrong command line is 1.
    CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
    cli.setParameterExceptionHandler(
        (e, a) -> {
          int code = usage.handleParseException(e, a);
          return e.getCommandLine().getCommandSpec().name().equals("plan")
              ? PlanCommand.ERRORS
              : code;
        });
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
            java.io.IOException io =
                e instanceof java.io.UncheckedIOException u
                    ? u.getCause()
                    : (java.io.IOException) e;
            new dev.hagen.diagnostic.DiagnosticPrinter(err)
                .print(
                    OutputFailure.diagnostic(io, java.nio.file.Path.of(".")), java.util.List.of());
            return IO_ERROR;
          }
          err.println("hagen: internal error: " + e);
          err.println(
              "hagen: this is a bug in hagen, not in your blueprint; please report it with the blueprint");
          return INTERNAL_ERROR;
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * hagen's command line, writing to {@code out} and {@code err}: run() executes it, tests parse
   * with it.
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setUsageHelpAutoWidth(true); // wrap to the terminal, not to 80 columns
    cli.setOut(out);
    cli.setErr(err);
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"hagen " + Version.VALUE};
    }
  }
}
