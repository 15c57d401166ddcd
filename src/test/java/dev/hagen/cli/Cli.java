package dev.hagen.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the hagen command line in-process, with its exit code and both streams captured. */
final class Cli {
  record Run(int code, String out, String err) {}

  private Cli() {}

  static Run hagen(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }
}
