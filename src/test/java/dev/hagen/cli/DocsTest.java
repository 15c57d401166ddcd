package dev.hagen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Blueprints;
import dev.hagen.Pipeline;
import dev.hagen.render.GeneratedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What the docs say is what hagen does: every hagen command in README, CONTRIBUTING, docs/, the
 * GitHub Actions example and each generated cluster README is one hagen's command line accepts, and
 * every blueprint snippet in them validates (a fragment as an overlay of the test base).
 */
class DocsTest {
  @TempDir Path tmp;

  static List<Path> pages() throws IOException {
    List<Path> pages =
        new ArrayList<>(
            List.of(
                Path.of("README.md"),
                Path.of("CONTRIBUTING.md"),
                Path.of("SECURITY.md"),
                Path.of("vagrant/README.md"),
                Path.of("examples/github-actions/hagen.yml")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** A hagen command at the start of a line: the launcher's, a checkout's, or the installed one. */
  private static final Pattern COMMAND =
      Pattern.compile("^\\s*(?:\\$ |run: |source <\\()?(?:\\./|\\.hagen/)?hagen ([^|><&;#`)]*)");

  private static final java.util.Set<String> SUBCOMMANDS = cli().getSubcommands().keySet();

  private static CommandLine cli() {
    return Main.commandLine(
        new java.io.PrintWriter(java.io.Writer.nullWriter()),
        new java.io.PrintWriter(java.io.Writer.nullWriter()));
  }

  /**
   * A synopsis (`hagen init [FILE] [--nodes N] ...`): each option it names is its command's. A
   * command line: picocli parses it as hagen would.
   */
  private static void accept(String command) {
    CommandLine cli = cli();
    if (command.contains("[")) {
      CommandLine sub = cli.getSubcommands().get(command.split(" ", -1)[0]);
      Matcher option = Pattern.compile("(?<![\\w-])(--?[a-z][a-z-]*)").matcher(command);
      while (option.find()) {
        if (sub.getCommandSpec().findOption(option.group(1)) == null) {
          throw new CommandLine.ParameterException(cli, "no option " + option.group(1));
        }
      }
      return;
    }
    cli.parseArgs(words(command).toArray(String[]::new));
  }

  /** Words split as the shell would, for the plain commands docs hold (no variables). */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(line);
    while (m.find()) {
      words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    return words;
  }

  private static List<String> commands(String text) {
    List<String> found = new ArrayList<>();
    boolean code = false;
    for (String line : text.lines().toList()) {
      if (line.strip().startsWith("```")) {
        code = !code;
        continue;
      }
      if (!code && !line.contains("run: ")) {
        continue;
      }
      Matcher m = COMMAND.matcher(line);
      if (m.find()) {
        String args = m.group(1).strip();
        String first = args.split(" ", -1)[0];
        if (SUBCOMMANDS.contains(first) || first.startsWith("-")) {
          found.add(args);
        }
      }
    }
    return found;
  }

  @Test
  void everyHagenCommandInTheDocsIsOneHagenAccepts() throws IOException {
    int checked = 0;
    List<String> refused = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (Path page : pages()) {
      texts.add(page + "\n" + Files.readString(page));
    }
    for (Path blueprint : Blueprints.all()) {
      Pipeline.compile(Blueprints.load(blueprint)).files().stream()
          .filter(f -> f.path().equals("README.md"))
          .map(GeneratedFile::content)
          .forEach(readme -> texts.add(blueprint + " README\n" + readme));
    }
    for (String text : texts) {
      String page = text.lines().findFirst().orElseThrow();
      for (String command : commands(text)) {
        try {
          accept(command);
          checked++;
        } catch (CommandLine.ParameterException e) {
          refused.add(page + ": hagen " + command + ": " + e.getMessage());
        }
      }
    }
    assertEquals(List.of(), refused);
    assertTrue(checked >= 12, "the docs' commands were found: " + checked);
  }

  /** Each YAML block of the docs that is a blueprint, or a part of one, validates. */
  @Test
  void everyBlueprintSnippetInTheDocsValidates() throws IOException {
    Files.copy(Blueprints.BASE, tmp.resolve("base.yml"));
    Files.copy(Path.of("blueprints/production.yml"), tmp.resolve("production.yml"));
    int checked = 0;
    List<String> refused = new ArrayList<>();
    for (Path page : pages()) {
      Matcher m =
          Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(page));
      while (m.find()) {
        String yaml = m.group(1);
        if (!yaml.matches(
            "(?s)(version: 1\\n.*|(cluster|network|vagrant|ssh|nodes|features|patroni|postgresql|tls|monitoring|secrets|autobase_vars):.*)")) {
          continue; // not a blueprint: a workflow, a vault file, ansible output
        }
        String text =
            yaml.startsWith("version: 1\n") ? yaml : "version: 1\nextends: base.yml\n" + yaml;
        Path file = tmp.resolve("snippet-" + checked + ".yml");
        Files.writeString(file, text);
        Cli.Run run = Cli.hagen("validate", file.toString());
        if (run.code() != ExitCode.OK) {
          refused.add(page + ":\n" + yaml + run.err());
        }
        checked++;
      }
    }
    assertEquals(List.of(), refused);
    assertTrue(checked >= 4, "the docs' blueprints were found: " + checked);
  }

  /** hagen help build names every file the README's table of a cluster's folder lists. */
  @org.junit.jupiter.api.Test
  void helpBuildNamesEveryFileOfTheFolder() throws java.io.IOException {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
    String table = readme.substring(readme.indexOf("| file | what it is |"));
    table = table.substring(0, table.indexOf("\n\n"));
    String help = Cli.hagen("help", "build").out().replaceAll("\\s+", " ");
    int rows = 0;
    for (String row : table.lines().toList()) {
      var m = java.util.regex.Pattern.compile("^\\| `([^`]+)` \\|").matcher(row);
      if (m.find()) {
        org.junit.jupiter.api.Assertions.assertTrue(
            help.contains(m.group(1)), "hagen help build does not name " + m.group(1));
        rows++;
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(rows >= 10, "rows: " + rows);
    // And the README's table has a row for every file of the renderer's registry.
    for (dev.hagen.render.OutputFile f : dev.hagen.render.OutputFile.values()) {
      org.junit.jupiter.api.Assertions.assertTrue(
          table.contains("| `" + f.path + "`") || table.contains("`" + f.path + "`"),
          "README.md's table of a cluster's folder has no row for " + f.path);
    }
  }
}
