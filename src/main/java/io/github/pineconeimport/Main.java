package io.github.pineconeimport;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.github.pineconeimport.config.OperatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the jar: {@code run} (default) starts the operator; other commands are tools. */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  static final String USAGE =
      """
      Usage: java -jar pinecone-import-operator.jar [command] [options]

      Commands:
        run            run the operator against the current kubeconfig or in-cluster config (default)
        bench          measure what an import costs against a naive poller (bench --help)
        help           show this text

      Settings come from environment variables; see README.md ("Settings").
      """;

  private Main() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "run" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "run" -> runOperator();
      case "bench" -> io.github.pineconeimport.bench.Benchmark.main(rest);
      case "help", "--help", "-h" -> System.out.print(USAGE);
      default -> {
        System.err.println("Unknown command '" + command + "'.\n");
        System.err.print(USAGE);
        System.exit(2);
      }
    }
  }

  private static void runOperator() throws InterruptedException {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("Configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    var client = new KubernetesClientBuilder().build();
    log.info(
        "Starting against {} watching {}; allowed hosts: {}",
        client.getMasterUrl(),
        config.watchNamespaces().isEmpty() ? "all namespaces" : config.watchNamespaces(),
        config.allowedHosts());
    var running =
        PineconeImportOperator.start(client, config, Clock.systemUTC(), new SimpleMeterRegistry());
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Shutting down");
                  running.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }
}
