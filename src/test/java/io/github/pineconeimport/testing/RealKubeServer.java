package io.github.pineconeimport.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A real kube-apiserver + etcd on loopback for as long as this process runs, for measurements that
 * need one outside the test suite (e.g. {@code bench --kubeconfig}). Writes the admin kubeconfig to
 * the file named by the first argument and stops both processes on Ctrl-C or SIGTERM.
 *
 * <pre>
 * mvn -B -o -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.github.pineconeimport.testing.RealKubeServer \
 *   -Dexec.args=target/real-kube/kubeconfig
 * </pre>
 */
public final class RealKubeServer {

  private RealKubeServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: RealKubeServer KUBECONFIG_FILE_TO_WRITE");
      System.exit(2);
    }
    Path kubeconfig = Path.of(args[0]).toAbsolutePath();
    var server = new KubeAPIServer(RealKube.configBuilder().build());
    server.start();
    Files.createDirectories(kubeconfig.getParent());
    Files.writeString(kubeconfig, server.getKubeConfigYaml());
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  stopped.countDown();
                },
                "real-kube-server-stop"));
    System.out.println("kube-apiserver running; kubeconfig: " + kubeconfig);
    stopped.await();
  }
}
