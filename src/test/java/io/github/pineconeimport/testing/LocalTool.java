package io.github.pineconeimport.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** A command-line tool some tests run (kubectl), with the environment it runs in. */
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

  public Path executable() {
    return executable;
  }

  public static Optional<LocalTool> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(new LocalTool(candidate, Map.of()));
      }
    }
    return Optional.empty();
  }

  /**
   * The tool, or: in CI (CI=true) a failure naming what to install, since a check that silently
   * stops running is worse than none; elsewhere a skip that says the same.
   */
  public static LocalTool requireInCi(String name, String install) {
    Optional<LocalTool> tool = find(name);
    if (tool.isPresent()) {
      return tool.get();
    }
    String message = name + " is not on the PATH; install it with: " + install;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      return Assertions.fail(message + " (.ci/run does this on a fresh machine)");
    }
    System.out.println("SKIPPED: " + message);
    Assumptions.abort(message);
    return null;
  }

  /** The tool, or a skip that says in the test output that the check did not run. */
  public static LocalTool requireOrSkip(String name, String why) {
    Optional<LocalTool> tool = find(name);
    if (tool.isEmpty()) {
      System.out.println("SKIPPED: " + name + " is not on the PATH, so " + why + " was not checked");
      Assumptions.abort(name + " is not on the PATH; " + why + " not checked");
    }
    return tool.get();
  }

  public Result run(Path workDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("tool-out", ".txt");
      Path err = Files.createTempFile("tool-err", ".txt");
      try {
        var builder = new ProcessBuilder(command).directory(workDir.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return Assertions.fail(String.join(" ", command) + " did not finish within 60s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
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
