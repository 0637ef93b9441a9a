package io.github.pineconeimport.observability;

import io.github.pineconeimport.testing.LocalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Prometheus's own promtool (Debian's {@code prometheus} package; {@code .ci/run} installs it). A
 * machine without it fails these checks with one line saying how to get it: they never skip.
 */
final class Promtool {

  /** Where Debian puts it; PROMTOOL names another one. */
  static final Path DEFAULT = Path.of("/usr/bin/promtool");

  private Promtool() {}

  static LocalTool get() {
    String configured = System.getenv("PROMTOOL");
    Path promtool = configured == null || configured.isBlank() ? DEFAULT : Path.of(configured);
    if (!Files.isExecutable(promtool)) {
      throw new AssertionError(
          "promtool not found at "
              + promtool
              + ": install it with `apt-get install -y prometheus` (as .ci/run does) or set"
              + " PROMTOOL to its path");
    }
    return LocalTool.at(promtool, Map.of());
  }

  /** Runs promtool with these arguments; fails with its output unless it exits 0. */
  static LocalTool.Result run(String... args) {
    var result = get().run(Path.of("."), args);
    if (result.exitCode() != 0) {
      throw new AssertionError(
          "promtool " + String.join(" ", args) + " failed:\n" + result.stdout() + result.stderr());
    }
    return result;
  }
}
