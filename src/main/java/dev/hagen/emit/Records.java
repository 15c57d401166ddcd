package dev.hagen.emit;

import dev.hagen.blueprint.Limits;
import dev.hagen.change.ChangePlanner;
import dev.hagen.change.ClusterRecord;
import dev.hagen.change.RecordFile;
import dev.hagen.plan.ClusterPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * renamed).
 */
public final class Records {
  private Records() {}

  public static RecordFile.Found find(Path output, ClusterPlan plan) throws IOException {
    Path dir = output.resolve(plan.clusterName());
    Optional<byte[]> own = read(dir.resolve(ClusterRecord.FILE));
    if (own.isPresent()) {
      String path = dir.resolve(ClusterRecord.FILE).toString();
      Optional<Manifest> manifest =
          read(dir.resolve(Manifest.FILE_NAME))
              .flatMap(m -> Manifest.parse(new String(m, StandardCharsets.UTF_8)).manifest());
      if (manifest.isEmpty()) {
        // No manifest, or a damaged one: the emitter refuses the folder and says why (HG904/5).
        return RecordFile.Found.NOTHING;
      }
      if (!manifest.get().untouched(ClusterRecord.FILE, own.get())) {
        return new RecordFile.Found(Optional.empty(), Optional.of(RecordFile.edited(path)));
      }
      RecordFile.Read read = RecordFile.parse(new String(own.get(), StandardCharsets.UTF_8), path);
      return new RecordFile.Found(
          read.record().map(r -> new ChangePlanner.Previous(r, plan.clusterName())),
          read.problem());
    }
    if (!Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
      return RecordFile.Found.NOTHING;
    }
    List<String> addresses = plan.hosts().stream().map(ClusterPlan.Host::address).toList();
    List<Path> folders = new ArrayList<>();
    try (DirectoryStream<Path> in = Files.newDirectoryStream(output)) {
      in.forEach(folders::add);
    }
    for (Path other : folders.stream().sorted().toList()) {
      Optional<byte[]> text = read(other.resolve(ClusterRecord.FILE));
      if (text.isEmpty()) {
        continue;
      }
      Optional<ClusterRecord> r =
          RecordFile.parse(new String(text.get(), StandardCharsets.UTF_8), other.toString())
              .record();
      if (r.isPresent()
          && r.get().blueprint().equals(plan.provenance().blueprintFile())
          && r.get().nodes().stream().anyMatch(n -> addresses.contains(n.address()))) {
        return new RecordFile.Found(
            Optional.of(new ChangePlanner.Previous(r.get(), other.getFileName().toString())),
            Optional.empty());
      }
    }
    return RecordFile.Found.NOTHING;
  }

  /** Whether a cluster's folder holds a record (a first build has none yet). */
  public static boolean hasRecord(Path dir) {
    return Files.isRegularFile(dir.resolve(ClusterRecord.FILE), LinkOption.NOFOLLOW_LINKS);
  }

  /** A regular file's bytes, bounded; empty when there is none. */
  private static Optional<byte[]> read(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    byte[] bytes = Emitter.readBounded(file);
    if (bytes == null) {
      throw new IOException(file + " is larger than " + Limits.MAX_OWN_FILE + " bytes");
    }
    return Optional.of(bytes);
  }
}
