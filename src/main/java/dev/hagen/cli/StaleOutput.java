package dev.hagen.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.emit.Emitter;
import dev.hagen.emit.Emitter.Change;
import dev.hagen.emit.Emitter.FolderWrites;
import dev.hagen.emit.Emitter.Outcome;
import dev.hagen.render.GeneratedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code hagen build --check} finds stale in the output, whatever the cause: each file with
 * why it is stale, its unified diff (what is on disk against what the blueprints produce), and the
 * command that fixes it.
 */
final class StaleOutput {
  /** Why a file is stale. */
  enum Cause {
    CHANGED("changed"),
    MISSING("missing"),
    REMOVED("no longer generated"),
    HAND_EDITED("edited by hand"),
    FOREIGN("not written by hagen"),
    INTERRUPTED("a build was interrupted"),
    NOT_HAGENS("not hagen's to change");

    final String words;

    Cause(String words) {
      this.words = words;
    }
  }

  /** One stale file; {@code diff} is empty where there is nothing to compare. */
  record Stale(Path file, Cause cause, String diff, String fix) {
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", file.toString());
      m.put("cause", cause.words);
      m.put("fix", fix);
      m.put("diff", diff);
      return m;
    }
  }

  private StaleOutput() {}

  /**
   * Every stale file of one folder's plan; {@code rebuild} is the build command for the inputs
   * (without --force), which most fixes name.
   */
  static List<Stale> of(FolderWrites plan, boolean interrupted, String rebuild) throws IOException {
    List<Stale> stale = new ArrayList<>();
    if (interrupted) {
      stale.add(
          new Stale(
              plan.dir(),
              Cause.INTERRUPTED,
              "",
              rebuild + " (it finishes the interrupted build first)"));
    }
    Map<String, String> wanted =
        plan.files().stream()
            .collect(Collectors.toMap(GeneratedFile::path, GeneratedFile::content));
    for (Outcome o : plan.outcomes()) {
      if (o.change() == Change.UNCHANGED) {
        continue;
      }
      Path file = plan.dir().resolve(o.path());
      String before = o.change() == Change.CREATED ? "" : text(file).orElse("");
      String after = o.change() == Change.REMOVED ? "" : wanted.get(o.path());
      Cause cause =
          switch (o.change()) {
            case CREATED -> Cause.MISSING;
            case REMOVED -> Cause.REMOVED;
            default -> Cause.CHANGED;
          };
      stale.add(new Stale(file, cause, diff(file, o.change(), before, after), rebuild));
    }
    for (Diagnostic d : plan.refusals()) {
      Path file = Path.of(d.position().file());
      String relative = plan.dir().relativize(file).toString().replace('\\', '/');
      Optional<String> onDisk = text(file);
      String want = wanted.get(relative);
      String diff =
          want == null || onDisk.isEmpty() ? "" : diff(file, Change.CHANGED, onDisk.get(), want);
      if (d.code() == Code.HAND_EDITED) {
        stale.add(
            new Stale(
                file,
                Cause.HAND_EDITED,
                diff,
                rebuild.replaceFirst("hagen build", "hagen build --force")
                    + " (it overwrites the edit: move the edit into the blueprint first to keep it)"));
      } else if (d.code() == Code.FOREIGN_FILE) {
        stale.add(
            new Stale(file, Cause.FOREIGN, diff, "move " + file + " elsewhere, then " + rebuild));
      } else {
        stale.add(new Stale(file, Cause.NOT_HAGENS, "", d.message() + ": " + d.hint()));
      }
    }
    return stale;
  }

  /** Whether a file on disk holds exactly this text. */
  static boolean sameAsOnDisk(Path file, String content) {
    try {
      return text(file).map(content::equals).orElse(false);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A file's text, when it is a regular file of a size hagen writes. */
  static Optional<String> onDisk(Path file) {
    try {
      return text(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A file's text for a diff, when it is a regular file of a size hagen writes. */
  private static Optional<String> text(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return Optional.ofNullable(Emitter.readBounded(file))
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  /** GNU diff's unified format, a/ and b/ before the path as git writes them. */
  static String diff(Path file, Change change, String before, String after) {
    String path = file.toString().replace('\\', '/');
    String a = path.startsWith("/") ? "a" + path : "a/" + path;
    String b = path.startsWith("/") ? "b" + path : "b/" + path;
    List<String> old = before.isEmpty() ? List.of() : List.of(before.split("\n", -1));
    List<String> now = after.isEmpty() ? List.of() : List.of(after.split("\n", -1));
    List<String> lines =
        UnifiedDiffUtils.generateUnifiedDiff(
            change == Change.CREATED ? "/dev/null" : a,
            change == Change.REMOVED ? "/dev/null" : b,
            old,
            DiffUtils.diff(old, now),
            3);
    return lines.stream().map(l -> l + "\n").collect(Collectors.joining());
  }
}
