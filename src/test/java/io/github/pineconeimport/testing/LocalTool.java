package io.github.pineconeimport.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * A command-line tool some tests run (kubectl, from {@link KubeBinaries} or {@link RealKube}), with
 * the environment it runs in. Nothing is looked up on the PATH: a tool the tests need comes with
 * the test setup, so a check never silently stops running.
 */
public final class LocalTool {

  /** What a run printed and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {}

  private final Path executable;
  private final Map<String, String> env;

  private LocalTool(Path executable, Map<String, String> env) {
    this.executable = executable;
    this.env = Map.copyOf(env);
  }

  /** This executable, run with these variables on top of the test JVM's environment. */
  public static LocalTool at(Path executable, Map<String, String> env) {
    return new LocalTool(executable, env);
  }

  public Result run(Path workDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("tool-out", ".txt");
      Path err = Files.createTempFile("tool-err", ".txt");
      try {
        var builder =
            new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return Assertions.fail(String.join(" ", command) + " did not finish within 60s");
        }
        return new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
