package dev.hagen.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.emit.Emitter.Change;
import dev.hagen.emit.Emitter.FolderWrites;
import dev.hagen.render.GeneratedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmitterTest {
  /** The blueprint these tests build from. */
  static final Manifest.Source X = new Manifest.Source("x.yml", "0".repeat(64));

  @TempDir Path root;
  Path dir;

  @BeforeEach
  void cluster() {
    dir = root.resolve("c1");
  }

  private static GeneratedFile file(String path, String body) {
    return new GeneratedFile(path, "# " + Emitter.MARKER + "0.1.0 from x.yml\n" + body);
  }

  private static final List<GeneratedFile> V1 =
      List.of(file("a", "one\n"), file("sub/b", "two\n"), file("gone/g", "old\n"));
  private static final List<GeneratedFile> V2 =
      List.of(file("a", "one\n"), file("sub/b", "TWO\n"), file("new", "three\n"));

  private static FolderWrites plan(Path dir, List<GeneratedFile> files) throws IOException {
    return Emitter.writes(dir, files, X, false);
  }

  private void build(List<GeneratedFile> files) throws IOException {
    FolderWrites plan = plan(dir, files);
    assertEquals(List.of(), plan.refusals());
    Emitter.apply(plan, () -> {});
  }

  private static Map<String, String> tree(Path top) throws IOException {
    return dev.hagen.Tools.tree(top);
  }

  /** The refusals of a plan as "CODE path" lines, paths relative to the test's root. */
  private List<String> refusals(FolderWrites plan) {
    return plan.refusals().stream()
        .map(
            d ->
                d.code().id()
                    + " "
                    + root.relativize(Path.of(d.position().file()))
                    + (d.position().line() > 0 ? ":" + d.position().line() : ""))
        .toList();
  }

  private List<Path> beside() throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.sorted().toList();
    }
  }

  private static Object identity(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
  }

  @Test
  void aFirstBuildWritesTheTreeAndItsManifest() throws IOException {
    build(V1);
    Map<String, String> t = tree(dir);
    assertEquals(List.of(".hagen-manifest", "a", "gone/g", "sub/b"), List.copyOf(t.keySet()));
    assertEquals(Manifest.of(X, V1).asFile().content(), t.get(".hagen-manifest"));
    assertTrue(
        t.get(".hagen-manifest").contains("\nblueprint " + "0".repeat(64) + "  x.yml\n"),
        t.get(".hagen-manifest"));
    assertEquals(List.of(dir), beside(), "nothing is left beside the folder");
  }

  @Test
  void aRebuildUpdatesCreatesRemovesAndNeverMovesTheUsersFiles() throws IOException {
    build(V1);
    Files.createDirectories(dir.resolve(".vagrant/machines/n1"));
    Files.writeString(dir.resolve(".vagrant/machines/n1/id"), "vm-id");
    Files.writeString(dir.resolve("sub/mine.txt"), "notes");
    Object vagrant = identity(dir.resolve(".vagrant"));
    Object mine = identity(dir.resolve("sub/mine.txt"));
    Object folder = identity(dir);

    FolderWrites plan = plan(dir, V2);
    assertEquals(
        List.of(
            "a UNCHANGED",
            "sub/b CHANGED",
            "new CREATED",
            ".hagen-manifest CHANGED",
            "gone/g REMOVED"),
        plan.outcomes().stream().map(o -> o.path() + " " + o.change()).toList());
    Emitter.apply(plan, () -> {});

    Map<String, String> t = tree(dir);
    assertEquals(
        List.of(".hagen-manifest", ".vagrant/machines/n1/id", "a", "new", "sub/b", "sub/mine.txt"),
        List.copyOf(t.keySet()));
    assertEquals("vm-id", t.get(".vagrant/machines/n1/id"));
    assertEquals("notes", t.get("sub/mine.txt"));
    assertTrue(t.get("sub/b").endsWith("TWO\n"));
    assertFalse(
        Files.exists(dir.resolve("gone")), "a folder its removed file leaves empty goes too");
    assertEquals(List.of(dir), beside(), "no staging folder or journal is left");
    assertEquals(vagrant, identity(dir.resolve(".vagrant")), "the user's folder was not moved");
    assertEquals(mine, identity(dir.resolve("sub/mine.txt")), "the user's file was not moved");
    assertEquals(folder, identity(dir), "the cluster's folder itself stays where it is");
  }

  @Test
  void nothingChangesWhenNothingChanged() throws IOException {
    build(V1);
    long before = Files.getLastModifiedTime(dir.resolve("a")).toMillis();
    FolderWrites again = plan(dir, V1);
    assertFalse(again.changesAnything());
    Emitter.apply(again, () -> {});
    assertEquals(before, Files.getLastModifiedTime(dir.resolve("a")).toMillis());
  }

  @Test
  void foreignAndHandEditedFilesAreRefused() throws IOException {
    build(V1);
    Files.writeString(dir.resolve("sub/b"), "my edit\n");
    Files.writeString(dir.resolve("gone/g"), "my edit of a file hagen would remove\n");
    Files.delete(dir.resolve("a"));
    Files.createDirectories(dir.resolve("a"));
    Files.writeString(dir.resolve("new"), "a file of mine\n");
    FolderWrites plan = plan(dir, V2);
    assertEquals(
        List.of("HG904 c1/a", "HG903 c1/sub/b", "HG901 c1/new", "HG903 c1/gone/g"), refusals(plan));
    assertThrows(IllegalStateException.class, () -> Emitter.apply(plan, () -> {}));
    assertEquals("my edit\n", Files.readString(dir.resolve("sub/b")));
  }

  @Test
  void forceOverwritesHandEditsButNeverForeignFiles() throws IOException {
    build(V1);
    Files.writeString(dir.resolve("sub/b"), file("sub/b", "my edit\n").content());
    assertEquals(List.of(), Emitter.writes(dir, V2, X, true).refusals());
    Files.writeString(dir.resolve("new"), "a file of mine\n");
    assertEquals(List.of("HG901 c1/new"), refusals(Emitter.writes(dir, V2, X, true)));
  }

  @Test
  void aListedFileWhoseHeaderIsGoneIsNotForcedOver() throws IOException {
    build(V1);
    Files.writeString(dir.resolve("sub/b"), "replaced with my own file\n");
    assertEquals(List.of("HG903 c1/sub/b"), refusals(plan(dir, V2)));
    assertEquals(List.of("HG901 c1/sub/b"), refusals(Emitter.writes(dir, V2, X, true)));
    assertEquals("replaced with my own file\n", Files.readString(dir.resolve("sub/b")));
  }

  @Test
  void beforeManifestsTheHeaderTellsHagensFiles() throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("a"), file("a", "older\n").content());
    Files.writeString(dir.resolve("notes"), "mine\n");
    FolderWrites plan = plan(dir, List.of(file("a", "one\n"), file("notes", "x\n")));
    assertEquals(List.of("HG901 c1/notes"), refusals(plan));
    assertEquals(Change.CHANGED, plan.outcomes().get(0).change());
  }

  // --- what is not hagen's is never moved, replaced or deleted ----------------------------------

  @Test
  void aSymlinkedFolderInsideIsRefusedAndNothingChanges() throws IOException {
    build(V1);
    Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("b"), file("sub/b", "two\n").content());
    Files.move(dir.resolve("sub"), root.resolve("old-sub"));
    Files.createSymbolicLink(dir.resolve("sub"), elsewhere);
    Map<String, String> before = tree(root);
    assertEquals(List.of("HG904 c1/sub"), refusals(plan(dir, V2)));
    assertEquals(before, tree(root));
  }

  @Test
  void aFileWhereTheClusterFolderGoesIsRefused() throws IOException {
    Files.writeString(dir, "my notes about c1\n");
    assertEquals(List.of("HG904 c1"), refusals(plan(dir, V1)));
    assertEquals("my notes about c1\n", Files.readString(dir));
  }

  @Test
  void aSymlinkedClusterFolderIsRefusedAndItsTargetUntouched() throws IOException {
    Path target = root.resolve("real");
    Path saved = dir;
    dir = target;
    build(V1);
    dir = saved;
    Files.writeString(target.resolve("NOTES.md"), "mine");
    Files.createSymbolicLink(dir, target);
    Map<String, String> before = tree(target);
    assertEquals(List.of("HG904 c1"), refusals(plan(dir, V2)));
    assertTrue(Files.isSymbolicLink(dir));
    assertEquals(before, tree(target));
  }

  @Test
  void aManifestLineForTheUsersFileIsNotTrusted() throws IOException {
    build(V1);
    Files.writeString(dir.resolve("precious.txt"), "mine\n");
    Path manifest = dir.resolve(Manifest.FILE_NAME);
    Files.writeString(
        manifest, Files.readString(manifest) + Manifest.sha256("mine\n") + "  precious.txt\n");
    assertEquals(List.of("HG905 c1/.hagen-manifest"), refusals(plan(dir, V2)));
    assertEquals("mine\n", Files.readString(dir.resolve("precious.txt")));
  }

  @Test
  void aManifestThatListsASymlinkIsNotTrusted() throws IOException {
    build(V1);
    Path link = dir.resolve("gone/g");
    Files.delete(link);
    Files.createSymbolicLink(link, root.resolve("anything"));
    assertEquals(List.of("HG905 c1/.hagen-manifest"), refusals(plan(dir, V2)));
    assertTrue(Files.isSymbolicLink(link), "the user's symlink stays");
  }

  @Test
  void aManifestPathOutsideTheFolderIsADiagnosticWithItsLine() throws IOException {
    build(V1);
    Path manifest = dir.resolve(Manifest.FILE_NAME);
    Files.writeString(manifest, Files.readString(manifest) + "0".repeat(64) + "  ../../x\n");
    List<String> found = refusals(plan(dir, V2));
    assertEquals(
        List.of("HG905 c1/.hagen-manifest:" + Files.readString(manifest).lines().count()), found);
  }

  @Test
  void anotherBlueprintsFolderIsRefusedUnlessForced() throws IOException {
    build(V1);
    FolderWrites other =
        Emitter.writes(dir, V2, new Manifest.Source("other.yml", "1".repeat(64)), false);
    assertEquals(List.of("HG906 c1"), refusals(other));
    assertEquals(
        List.of(),
        Emitter.writes(dir, V2, new Manifest.Source("other.yml", "1".repeat(64)), true).refusals());
  }

  // --- every moment of a build, stopped there ---------------------------------------------------

  /** What a kill does to a build in this test: stops it, and nothing after runs (no clean-up). */
  private static final class Halt extends Error {
    private static final long serialVersionUID = 1L;
  }

  /**
   * The build from V1 to V2, stopped after each of its steps in turn (as a kill would stop it),
   * then the next build: before the journal the folder is exactly V1; after it, the next build
   * finishes V2; the user's files are never touched; nothing is left beside the folder.
   */
  @Test
  void aBuildStoppedAtAnyStepIsFinishedOrUndoneByTheNext() throws IOException {
    Path pristine = root.resolve("pristine");
    dir = pristine;
    build(V1);
    Files.writeString(pristine.resolve("sub/mine.txt"), "notes");
    dir = root.resolve("c1");
    Map<String, String> v1 = tree(pristine);
    Map<String, String> v2 = new TreeMap<>();
    for (GeneratedFile f : Emitter.tree(X, V2)) {
      v2.put(f.path(), f.content());
    }
    v2.put("sub/mine.txt", "notes");
    int stepsSeen = 0;
    for (int stopAfter = 1; ; stopAfter++) {
      dev.hagen.Tools.copyTree(pristine, dir);
      int[] steps = {0};
      int stop = stopAfter;
      FolderWrites plan = plan(dir, V2);
      boolean halted = false;
      try {
        Emitter.apply(
            plan,
            () -> {
              if (++steps[0] == stop) {
                throw new Halt();
              }
            });
      } catch (Halt h) {
        halted = true;
      }
      if (!halted) {
        stepsSeen = stopAfter - 1;
        break;
      }
      boolean committed = Files.exists(root.resolve(".c1.hagen-journal"));
      if (!committed) {
        assertEquals(
            v1,
            tree(dir),
            "stopped after step " + stopAfter + ", before the commit: the folder is untouched");
      }
      assertTrue(Emitter.interrupted(dir));
      Emitter.Recovery r = Emitter.recover(dir);
      assertTrue(r.problem().isEmpty(), () -> r.problem().toString());
      assertFalse(Emitter.interrupted(dir));
      assertEquals(
          committed ? v2 : v1, tree(dir), "after a stop at step " + stopAfter + " and recovery");
      build(V2);
      assertEquals(v2, tree(dir));
      assertEquals(List.of(dir, pristine), beside());
      dev.hagen.Tools.deleteTree(dir);
    }
    assertEquals(3 + 1 + 4, stepsSeen, "3 staged files, the journal, 4 operations");
  }

  // --- leftovers of an interrupted build ----------------------------------------------------

  private Path beside(String suffix) {
    return root.resolve(".c1.hagen-" + suffix);
  }

  @Test
  void anUnfinishedStagingIsDropped() throws IOException {
    build(V1);
    Files.createDirectories(beside("new"));
    Files.writeString(beside("new").resolve("a"), "half");
    assertTrue(Emitter.interrupted(dir));
    assertTrue(Emitter.recover(dir).done().orElseThrow().startsWith("dropped"));
    assertFalse(Files.exists(beside("new")));
    assertEquals(
        List.of(".hagen-manifest", "a", "gone/g", "sub/b"), List.copyOf(tree(dir).keySet()));
  }

  @Test
  void aStagingFolderWithALinkIsReportedAndLeft() throws IOException {
    build(V1);
    Files.createDirectories(beside("new"));
    Files.createSymbolicLink(beside("new").resolve("a"), dir.resolve("a"));
    Diagnostic d = Emitter.recover(dir).problem().orElseThrow();
    assertEquals(Code.SWAP_LEFTOVERS, d.code());
    assertTrue(Files.isSymbolicLink(beside("new").resolve("a")));
  }

  @Test
  void aJournalHagenDidNotWriteIsReportedAndLeft() throws IOException {
    build(V1);
    Files.writeString(beside("journal"), "rm -rf /\n");
    assertEquals(Code.SWAP_LEFTOVERS, Emitter.recover(dir).problem().orElseThrow().code());
    assertEquals("rm -rf /\n", Files.readString(beside("journal")));
  }

  @Test
  void aFileChangedAfterTheStopIsLeftAndReported() throws IOException {
    build(V1);
    Files.createDirectories(beside("new/sub"));
    Files.writeString(beside("new/sub").resolve("b"), file("sub/b", "TWO\n").content());
    Files.writeString(
        beside("journal"),
        Emitter.JOURNAL_HEADER
            + "\nput "
            + Manifest.sha256(Files.readAllBytes(dir.resolve("sub/b")))
            + " sub/b\n");
    Files.writeString(dir.resolve("sub/b"), "edited after the stop\n");
    assertEquals(Code.SWAP_LEFTOVERS, Emitter.recover(dir).problem().orElseThrow().code());
    assertEquals("edited after the stop\n", Files.readString(dir.resolve("sub/b")));
  }

  @Test
  void pathsCannotLeaveTheOutputFolder() {
    assertThrows(
        IllegalArgumentException.class, () -> plan(dir, List.of(file("../escape", "x\n"))));
  }

  @Test
  void manifestsRoundTripAndRejectGarbage() {
    Manifest m = Manifest.of(X, V1);
    assertEquals(m, Manifest.parse(m.asFile().content()).manifest().orElseThrow());
    assertEquals(1, Manifest.parse("not a manifest\n").line());
    assertTrue(
        m.untouched("a", V1.get(0).content().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertFalse(m.untouched("a", "edited".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    for (String bad :
        List.of("/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a\\b", "a\u0000b", "")) {
      assertFalse(Manifest.isPlainPath(bad), bad);
    }
    assertTrue(Manifest.isPlainPath("ansible/inventories/group_vars/all.yml"));
  }
}
