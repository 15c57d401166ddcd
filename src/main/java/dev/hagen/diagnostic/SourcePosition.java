package dev.hagen.diagnostic;

/** A place in a blueprint: 1-based line and column. Line 0 means "the file as a whole". */
public record SourcePosition(String file, int line, int column) {

  public static SourcePosition wholeFile(String file) {
    return new SourcePosition(file, 0, 0);
  }

  @Override
  public String toString() {
    return line == 0 ? file : file + ":" + line + ":" + column;
  }
}
