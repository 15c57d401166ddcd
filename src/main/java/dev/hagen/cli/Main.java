package dev.hagen.cli;

import dev.hagen.Version;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
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
public final class Main implements java.util.concurrent.Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = {"-v", "--verbose"},
      description =
          "./hagen says which JVM it started and which class-data archive it mapped (on stderr);"
              + " the build command's -v also lists each file")
  boolean verbose;

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("build")) {
      WarmUp.start();
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err));
  }

  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    if (args.length == 1 && VERSION_OPTIONS.contains(args[0])) {
      // What picocli prints for --version, without the cost of its model: most of a cold run.
      out.println(VersionProvider.TEXT);
      out.flush();
      return ExitCode.OK;
    }
    CommandLine cli = commandLine(out, err, args);
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
            return ExitCode.IO_ERROR;
          }
          err.println("hagen: internal error: " + e);
          err.println(
              "hagen: this is a bug in hagen, not in your blueprint; please report it with the blueprint");
          return ExitCode.INTERNAL_ERROR;
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
    return commandLine(out, err, new String[0]);
  }

  /**
   * hagen's subcommands, in the order help lists them. picocli builds a command's model by reading
   * its annotations, which costs more than a whole build's checks; so a run builds only the model
   * of the subcommand it runs, and all of them only where they are all shown (help, completion, a
   * misspelt name). A switch, not a table of constructors: a class is loaded only when its command
   * is made.
   */
  static final List<String> SUBCOMMANDS =
      List.of("init", "validate", "build", "plan", "explain", "schema", "completion", "help");

  private static Object subcommand(String name) {
    return switch (name) {
      case "init" -> new InitCommand();
      case "validate" -> new ValidateCommand();
      case "build" -> {
        // Its list of files comes from the renderer's registry, added to the model here.
        CommandLine build = new CommandLine(new BuildCommand());
        BuildCommand.describe(build.getCommandSpec());
        yield build;
      }
      case "plan" -> new PlanCommand();
      case "explain" -> new ExplainCommand();
      case "schema" -> new SchemaCommand();
      case "completion" -> new CompletionCommand();
      case "help" -> new CommandLine.HelpCommand();
      default -> throw new IllegalArgumentException("no subcommand " + name);
    };
  }

  /** The command line for {@code args}: with only the subcommand they name, when they name one. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] args) {
    CommandLine cli = new CommandLine(new Main());
    String first = args.length > 0 ? args[0] : "";
    boolean alone = SUBCOMMANDS.contains(first) && !NEED_ALL.contains(first);
    boolean version = VERSION_OPTIONS.contains(first);
    if (alone) {
      cli.addSubcommand(first, subcommand(first));
    } else if (!version) {
      SUBCOMMANDS.forEach(name -> cli.addSubcommand(name, subcommand(name)));
    }
    cli.setUsageHelpAutoWidth(true); // wrap to the terminal, not to 80 columns
    cli.setOut(out);
    cli.setErr(err);
    return cli;
  }

  /** Subcommands that show the others: their run builds every model. */
  private static final Set<String> NEED_ALL = Set.of("help", "completion");

  /** No command named: what there is, on stderr, and the exit code of a wrong command line. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /** picocli's standard version options (mixinStandardHelpOptions), which run() answers itself. */
  private static final Set<String> VERSION_OPTIONS = Set.of("--version", "-V");

  static final class VersionProvider implements CommandLine.IVersionProvider {
    static final String TEXT = "hagen " + Version.VALUE;

    @Override
    public String[] getVersion() {
      return new String[] {TEXT};
    }
  }
}
