package dev.hagen.cli;

import dev.hagen.autobase.AutobaseRelease;
import dev.hagen.autobase.AutobaseVariables;
import dev.hagen.render.Renderer;
import inet.ipaddr.IPAddressString;

/**
 * A cold JVM spends most of a build loading and first-running code: the command line's model, the
 * YAML parser, the templates' parser. Machines have more than one core, so while the main thread
 * sets up the command line and reads the blueprint, this thread parses the templates and
 * initialises what the checks will need. It only warms caches: the main thread does the work either
 * way, and waits for nothing here (class initialisation is safe across threads).
 */
final class WarmUp {
  private WarmUp() {}

  static void start() {
    Thread thread =
        new Thread(
            () -> {
              try {
                new IPAddressString("192.168.56.0/24").getAddress();
                AutobaseVariables.all(AutobaseRelease.V2_6_0);
                Renderer.prepare();
              } catch (RuntimeException | LinkageError e) {
                // A cache that stays cold: the main thread will do (and report) the same work
                // itself.
              }
            },
            "hagen-warm-up");
    thread.setDaemon(true);
    thread.start();
  }
}
