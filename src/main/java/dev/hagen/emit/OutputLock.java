package dev.hagen.emit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * One hagen run at a time per output folder: an OS file lock on {@code DIR/.hagen-lock}, held for
 * the whole build and released by the kernel when the process ends, however it ends. A build takes
 * it exclusively; {@code --check} shares it with other checks, and takes none where no build has
 * ever run (it writes nothing, not even the lock file). The file is empty and stays: it is created
 * once and never written or deleted (a lock on a deleted file guards nothing).
 */
public final class OutputLock implements AutoCloseable {
  public static final String FILE_NAME = ".hagen-lock";

  /** Another run held the lock for the whole wait. */
  public static final class Busy extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    Busy(Path file) {
      super(file + " is held by another hagen run");
      this.file = file;
    }

    public Path file() {
      return file;
    }
  }

  private static final long POLL_MILLIS = 50;

  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * The lock on {@code output}, waiting at most {@code wait} for another run to let go; {@code
   * waiting} is told once, when the wait begins.
   */
  public static OutputLock acquire(Path output, boolean write, Duration wait, Runnable waiting)
      throws IOException, Busy {
    Path file = output.resolve(FILE_NAME);
    if (!write && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return new OutputLock(null, null);
    }
    if (Files.isSymbolicLink(file)) {
      throw new java.nio.file.FileSystemException(
          file.toString(), null, "is a symbolic link; hagen locks only a file of its own");
    }
    if (write) {
      Files.createDirectories(output);
    }
    FileChannel channel =
        write
            ? FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)
            : FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    try {
      long deadline = System.nanoTime() + wait.toNanos();
      boolean told = false;
      while (true) {
        Optional<FileLock> lock = tryLock(channel, !write);
        if (lock.isPresent()) {
          return new OutputLock(channel, lock.get());
        }
        if (System.nanoTime() >= deadline) {
          throw new Busy(file);
        }
        if (!told) {
          waiting.run();
          told = true;
        }
        Thread.sleep(POLL_MILLIS);
      }
    } catch (IOException | Busy | RuntimeException e) {
      channel.close();
      throw e;
    } catch (InterruptedException e) {
      channel.close();
      Thread.currentThread().interrupt();
      throw new Busy(file);
    }
  }

  private static Optional<FileLock> tryLock(FileChannel channel, boolean shared)
      throws IOException {
    try {
      return Optional.ofNullable(channel.tryLock(0, Long.MAX_VALUE, shared));
    } catch (OverlappingFileLockException e) {
      return Optional.empty(); // this very process holds it: another run in the same JVM (tests)
    }
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      lock.release();
      channel.close();
    }
  }
}
