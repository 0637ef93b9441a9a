package io.github.pineconeimport.testing;

import static org.awaitility.Awaitility.await;

import io.github.pineconeimport.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator's {@code run} command in a JVM of its own, as a pod runs it: settings from the
 * environment, the kubeconfig from {@code KUBECONFIG}, its log in a file. {@link #kill()} is a
 * SIGKILL: no shutdown hook, no lease release, exactly what a node failure does.
 */
public final class OperatorJvm implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private OperatorJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java -cp <this test's classpath> Main run} with {@code env} added. */
  public static OperatorJvm start(String name, Map<String, String> env) {
    try {
      Path log =
          Files.createDirectories(Path.of("target", "operator-jvms"))
              .resolve(name + "-" + ProcessHandle.current().pid() + ".log");
      var builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName(),
                  "run")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().putAll(env);
      return new OperatorJvm(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  /**
   * Bytes of live objects on the process's heap: jcmd's class histogram, which runs a full
   * collection first, so garbage does not count.
   */
  public long liveHeapBytes() {
    try {
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  String.valueOf(process.pid()),
                  "GC.class_histogram")
              .redirectErrorStream(true)
              .start();
      String out = new String(jcmd.getInputStream().readAllBytes());
      jcmd.waitFor(60, TimeUnit.SECONDS);
      // the last line: "Total <instances> <bytes>"
      String[] total = out.strip().lines().reduce((a, b) -> b).orElseThrow().trim().split("\\s+");
      if (!total[0].equals("Total")) {
        throw new IllegalStateException("jcmd answered:\n" + out);
      }
      return Long.parseLong(total[2]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A heap dump of the live objects (jcmd's GC.heap_dump runs a full collection first, so what it
   * holds is what the process still references), written to {@code file}.
   */
  public Path heapDump(Path file) {
    try {
      Files.deleteIfExists(file);
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  String.valueOf(process.pid()),
                  "GC.heap_dump",
                  file.toAbsolutePath().toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(jcmd.getInputStream().readAllBytes());
      if (!jcmd.waitFor(120, TimeUnit.SECONDS) || jcmd.exitValue() != 0 || !Files.exists(file)) {
        throw new IllegalStateException("jcmd GC.heap_dump answered:\n" + out);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Everything the process logged so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the log shows this text, failing with the log when the process died first. */
  public void awaitLog(String text, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!process.isAlive() && !log().contains(text)) {
                throw new AssertionError(
                    name + " exited with " + process.exitValue() + ":\n" + log());
              }
              return log().contains(text);
            });
  }

  /** SIGKILL, and waits until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, the graceful way; returns the exit code. */
  public int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
