package dev.hagen.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.emit.Emitter.Change;
import dev.hagen.emit.Emitter.Conflict;
import dev.hagen.emit.Emitter.EmitPlan;
import dev.hagen.emit.Emitter.Outcome;
import dev.hagen.emit.Emitter.Refusal;
import dev.hagen.render.GeneratedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmitterTest {
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
      List.of(file("a", "one\n"), file("sub/b", "two\n"), file("gone", "old\n"));
  private static final List<GeneratedFile> V2 =
      List.of(file("a", "one\n"), file("sub/b", "TWO\n"), file("new", "three\n"));

  private void build(List<GeneratedFile> files) throws IOException {
    EmitPlan plan = Emitter.plan(dir, files, false);
    assertEquals(List.of(), plan.refusals());
    Emitter.apply(plan, () -> {});
  }

  /** Every file under {@code dir} with its content, and what lies beside it. */
  private static Map<String, String> tree(Path top) throws IOException {
    return dev.hagen.Tools.tree(top);
  }

  @Test
  void aFirstBuildWritesTheTreeAndItsManifest() throws IOException {
    build(V1);
    Map<String, String> t = tree(dir);
    assertEquals(List.of(".hagen-manifest", "a", "gone", "sub/b"), List.copyOf(t.keySet()));
    assertEquals(Manifest.of(V1).asFile().content(), t.get(".hagen-manifest"));
    try (Stream<Path> beside = Files.list(root)) {
      assertEquals(List.of(dir), beside.toList(), "nothing is left beside the folder");
    }
  }

  @Test
  void aRebuildUpdatesCreatesRemovesAndKeepsTheUsersFiles() throws IOException {
    build(V1);
    Files.createDirectories(dir.resolve(".vagrant/machines/n1"));
    Files.writeString(dir.resolve(".vagrant/machines/n1/id"), "vm-id");
    Files.writeString(dir.resolve("sub/mine.txt"), "notes");

    EmitPlan plan = Emitter.plan(dir, V2, false);
    assertEquals(List.of(new Outcome("a", Change.UNCHANGED), new Outcome("sub/b", Change.CHANGED),
        new Outcome("new", Change.CREATED), new Outcome(".hagen-manifest", Change.CHANGED),
        new Outcome("gone", Change.REMOVED)), plan.outcomes());
    Emitter.apply(plan, () -> {});

    Map<String, String> t = tree(dir);
    assertEquals(List.of(".hagen-manifest", ".vagrant/machines/n1/id", "a", "new", "sub/b", "sub/mine.txt"),
        List.copyOf(t.keySet()));
    assertEquals("vm-id", t.get(".vagrant/machines/n1/id"));
    assertEquals("notes", t.get("sub/mine.txt"));
    assertTrue(t.get("sub/b").endsWith("TWO\n"));
    try (Stream<Path> beside = Files.list(root)) {
      assertEquals(List.of(dir), beside.toList(), "no staging, journal or previous tree is left");
    }
  }

  @Test
  void nothingChangesWhenNothingChanged() throws IOException {
    build(V1);
    long before = Files.getLastModifiedTime(dir.resolve("a")).toMillis();
    EmitPlan again = Emitter.plan(dir, V1, false);
    assertFalse(again.changesAnything());
    Emitter.apply(again, () -> {});
    assertEquals(before, Files.getLastModifiedTime(dir.resolve("a")).toMillis());
  }

  @Test
  void foreignAndHandEditedFilesAreRefused() throws IOException {
    build(V1);
    Files.writeString(dir.resolve("sub/b"), "my edit\n");
    Files.writeString(dir.resolve("gone"), "my edit of a file hagen would remove\n");
    Files.delete(dir.resolve("a"));
    Files.createDirectories(dir.resolve("a"));
    Files.writeString(dir.resolve("new"), "a file of mine\n");
    EmitPlan plan = Emitter.plan(dir, V2, false);
    assertEquals(List.of(new Refusal(dir.resolve("a"), Conflict.FOREIGN),
        new Refusal(dir.resolve("sub/b"), Conflict.HAND_EDITED),
        new Refusal(dir.resolve("new"), Conflict.FOREIGN),
        new Refusal(dir.resolve("gone"), Conflict.HAND_EDITED)), plan.refusals());
    assertThrows(IllegalStateException.class, () -> Emitter.apply(plan, () -> {}));
    assertEquals("my edit\n", Files.readString(dir.resolve("sub/b")));
  }

  @Test
  void forceOverwritesHandEditsButNeverForeignFiles() throws IOException {
    build(V1);
    Files.writeString(dir.resolve("sub/b"), "my edit\n");
    assertEquals(List.of(), Emitter.plan(dir, V2, true).refusals());
    Files.writeString(dir.resolve("new"), "a file of mine\n");
    assertEquals(List.of(new Refusal(dir.resolve("new"), Conflict.FOREIGN)),
        Emitter.plan(dir, V2, true).refusals());
  }

  @Test
  void beforeManifestsTheHeaderTellsHagensFiles() throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("a"), file("a", "older\n").content());
    Files.writeString(dir.resolve("notes"), "mine\n");
    EmitPlan plan = Emitter.plan(dir, List.of(file("a", "one\n"), file("notes", "x\n")), false);
    assertEquals(List.of(new Refusal(dir.resolve("notes"), Conflict.FOREIGN)), plan.refusals());
    assertEquals(new Outcome("a", Change.CHANGED), plan.outcomes().get(0));
  }

  // --- recovery from a swap killed at each point -----------------------------------------------

  private Path beside(String suffix) {
    return root.resolve(".c1.hagen-" + suffix);
  }

  @Test
  void anUnfinishedStagingIsDropped() throws IOException {
    build(V1);
    Files.createDirectories(beside("new"));
    Files.writeString(beside("new").resolve("a"), "half");
    assertTrue(Emitter.interrupted(dir));
    assertTrue(Emitter.recover(dir).isPresent());
    assertFalse(Files.exists(beside("new")));
    assertEquals(tree(dir).keySet(), Map.of(".hagen-manifest", "", "a", "", "gone", "", "sub/b", "").keySet());
  }

  @Test
  void aSwapKilledWithThePreviousTreeAsideIsUndone() throws IOException {
    build(V1);
    Map<String, String> before = tree(dir);
    Files.createDirectories(beside("new"));
    Files.writeString(beside("journal"), "x");
    Files.move(dir, beside("previous"));
    assertTrue(Emitter.recover(dir).orElseThrow().startsWith("put back"));
    assertEquals(before, tree(dir));
    assertFalse(Emitter.interrupted(dir));
  }

  @Test
  void aSwapKilledAfterTheNewTreeMovedInIsFinished() throws IOException {
    build(V1);
    Files.writeString(dir.resolve("mine"), "keep me");
    Files.writeString(beside("journal"), "x");
    Files.move(dir, beside("previous"));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("a"), "new tree");
    assertTrue(Emitter.recover(dir).orElseThrow().startsWith("finished"));
    assertEquals(Map.of("a", "new tree", "mine", "keep me"), tree(dir));
    assertFalse(Files.exists(beside("previous")));
    assertFalse(Files.exists(beside("journal")));
  }

  @Test
  void pathsCannotLeaveTheOutputFolder() {
    assertThrows(IllegalArgumentException.class,
        () -> Emitter.plan(dir, List.of(file("../escape", "x\n")), false));
  }

  @Test
  void manifestsRoundTripAndRejectGarbage() {
    Manifest m = Manifest.of(V1);
    assertEquals(m, Manifest.parse(m.asFile().content()).orElseThrow());
    assertTrue(Manifest.parse("not a manifest\n").isEmpty());
    assertTrue(m.untouched("a", V1.get(0).content()));
    assertFalse(m.untouched("a", "edited"));
  }
}
