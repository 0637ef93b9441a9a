package io.github.pineconeimport.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A kube-controller-manager running only the namespace and garbage-collector controllers against a
 * {@link RealKube}, as a child process: with it a namespace deletion runs as on a cluster (every
 * object in it deleted, Secrets included, then the namespace goes once finalizers are released).
 * The test class that starts it stops it.
 */
public final class ControllerManager implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ControllerManager(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts it next to the API server binaries; fails with one line where it is missing. */
  public static ControllerManager start(RealKube kube) {
    Path binary = kube.kubectlBinary().resolveSibling("kube-controller-manager");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "kube-controller-manager is not at "
              + binary
              + ": run ../shared/kube-api-test/install (real namespace deletion needs it)");
    }
    try {
      Path log = Files.createTempFile("kube-controller-manager", ".log");
      Process process =
          new ProcessBuilder(
                  List.of(
                      binary.toString(),
                      "--kubeconfig=" + kube.kubeconfig(),
                      "--controllers=namespace,garbagecollector",
                      "--use-service-account-credentials=false",
                      "--leader-elect=false",
                      "--secure-port=0"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new ControllerManager(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Its output so far, for a failure message. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
