package dev.hagen.emit;

import dev.hagen.blueprint.Limits;
import dev.hagen.blueprint.StrictUtf8;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.SourcePosition;
import dev.hagen.plan.ClusterPlan;
import dev.hagen.state.ClusterState;
import dev.hagen.state.Observation;
import dev.hagen.state.ObservationCodec;
import dev.hagen.state.StateCodec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the record of what was built for a plan's cluster in the output folder: in the cluster's
 * own folder, trusted only when the manifest says hagen wrote it as it is; else in a sibling folder
 * built from a blueprint of the same name with a node at the same address (the cluster was
 * renamed). It never leaves the output folder: a cluster folder that is a symbolic link is not
 * entered, and a sibling's record is read only once that folder's manifest lists it as written.
 */
public final class Records {
  private Records() {}

  public static StateCodec.Found find(Path output, ClusterPlan plan) throws IOException {
    return find(output, plan, Optional.empty());
  }

  /**
   * The record, with the observation of the running cluster: {@code observed}, or else the cluster
   * folder's own {@link Observation#FILE} when there is one. An observation taken beside another
   * record than this one (older, or of another build) is refused.
   */
  public static StateCodec.Found find(Path output, ClusterPlan plan, Optional<Path> observed)
      throws IOException {
    StateCodec.Found found = record(output, plan);
    Path dir = output.resolve(plan.clusterName());
    Path file = observed.orElse(dir.resolve(Observation.FILE));
    if (found.previous().isEmpty()
        || !found.previous().get().folder().equals(plan.clusterName())
        || (observed.isEmpty() && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))) {
      return found;
    }
    byte[] bytes = Files.isRegularFile(file) ? Emitter.readBounded(file) : null;
    if (bytes == null) {
      return StateCodec.Found.problem(
          new Diagnostic(
              Code.DAMAGED_OBSERVATION,
              SourcePosition.wholeFile(file.toString()),
              "cannot be read: it is not a file, or larger than " + Limits.MAX_OWN_FILE + " bytes",
              "take the observation again: ansible-playbook observe.yml"));
    }
    ObservationCodec.Read read = ObservationCodec.read(bytes, file.toString());
    if (read.observation().isEmpty()) {
      return new StateCodec.Found(Optional.empty(), read.problems());
    }
    Observation o = read.observation().get();
    String recordSha = Manifest.sha256(dir.resolve(ClusterState.FILE));
    if (!o.recordSha256().equals(recordSha)) {
      return StateCodec.Found.problem(
          new Diagnostic(
              Code.STALE_OBSERVATION,
              SourcePosition.wholeFile(file.toString()),
              "was taken "
                  + o.takenAt()
                  + " beside another record than this folder's "
                  + ClusterState.FILE
                  + " (an older build, or another copy of the folder): the cluster may have changed"
                  + " since",
              "observe again, from this folder's ansible/: ansible-playbook observe.yml"));
    }
    StateCodec.Recorded r = found.previous().get();
    return new StateCodec.Found(
        Optional.of(new StateCodec.Recorded(r.state(), r.folder(), Optional.of(o))),
        found.problems());
  }

  private static StateCodec.Found record(Path output, ClusterPlan plan) throws IOException {
    Path dir = output.resolve(plan.clusterName());
    Path file = dir.resolve(ClusterState.FILE);
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
        && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      Optional<Manifest> manifest = manifest(dir);
      if (manifest.isEmpty()) {
        // No manifest, or a damaged one: the emitter refuses the folder and says why (HG904/5).
        return StateCodec.Found.NOTHING;
      }
      byte[] bytes = Emitter.readBounded(file);
      String path = file.toString();
      if (bytes == null) {
        return StateCodec.Found.problem(
            StateCodec.unreadable(
                path, "it is larger than " + Limits.MAX_OWN_FILE + " bytes, and hagen wrote less"));
      }
      if (!manifest.get().untouched(ClusterState.FILE, bytes)) {
        return StateCodec.Found.problem(StateCodec.edited(path));
      }
      Optional<String> text = StrictUtf8.decode(bytes);
      if (text.isEmpty()) {
        return StateCodec.Found.problem(StateCodec.unreadable(path, "it is not UTF-8 text"));
      }
      StateCodec.Read read = StateCodec.read(text.get(), path);
      return new StateCodec.Found(
          read.record().map(r -> new StateCodec.Recorded(r, plan.clusterName())), read.problems());
    }
    if (Files.isSymbolicLink(dir) || !Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
      return StateCodec.Found.NOTHING; // the emitter refuses a symlinked cluster folder (HG904)
    }
    List<String> addresses = plan.hosts().stream().map(ClusterPlan.Host::address).toList();
    List<Path> folders = new ArrayList<>();
    try (DirectoryStream<Path> in = Files.newDirectoryStream(output)) {
      in.forEach(folders::add);
    }
    for (Path other : folders.stream().sorted().toList()) {
      Optional<ClusterState> r = ownRecord(other);
      if (r.isPresent()
          && r.get().blueprint().equals(plan.provenance().blueprintFile())
          && r.get().nodes().stream().anyMatch(n -> addresses.contains(n.address()))) {
        return new StateCodec.Found(
            Optional.of(new StateCodec.Recorded(r.get(), other.getFileName().toString())),
            List.of());
      }
    }
    return StateCodec.Found.NOTHING;
  }

  /**
   * The record in another cluster's folder, when that folder is a real one (not a symbolic link),
   * its manifest is sound and lists the record as hagen wrote it, and the record reads cleanly.
   */
  private static Optional<ClusterState> ownRecord(Path other) throws IOException {
    Path file = other.resolve(ClusterState.FILE);
    if (!Files.isDirectory(other, LinkOption.NOFOLLOW_LINKS)
        || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    Optional<Manifest> manifest = manifest(other);
    if (manifest.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = Emitter.readBounded(file);
    if (bytes == null || !manifest.get().untouched(ClusterState.FILE, bytes)) {
      return Optional.empty();
    }
    return StrictUtf8.decode(bytes)
        .flatMap(text -> StateCodec.read(text, file.toString()).record());
  }

  /** A folder's manifest, when it is a regular file of bounded size that parses. */
  private static Optional<Manifest> manifest(Path dir) throws IOException {
    Path file = dir.resolve(Manifest.FILE_NAME);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return StrictUtf8.decode(Emitter.readBounded(file)).flatMap(m -> Manifest.parse(m).manifest());
  }

  /** Whether a cluster's folder holds a record (a first build has none yet). */
  public static boolean hasRecord(Path dir) {
    return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
        && Files.isRegularFile(dir.resolve(ClusterState.FILE), LinkOption.NOFOLLOW_LINKS);
  }
}
