package io.github.pineconeimport;

import java.util.Arrays;

/** Entry point of the jar: {@code run} (default) starts the operator; other commands are tools. */
public final class Main {

  static final String USAGE =
      """
      Usage: java -jar pinecone-import-operator.jar [command] [options]

      Commands:
        run            run the operator against the current kubeconfig or in-cluster config (default)
        demo           the whole operator in one process: embedded Kubernetes API, fake Pinecone,
                       the examples from deploy/examples/ [--keep-running] [--scale N] [--verbose]
        fake-pinecone  a fake Pinecone bulk import API [--port 8181] [--api-key KEY] [--scenario FILE]
        bench          measure what an import costs against a naive poller (bench --help)
        help           show this text

      Settings come from environment variables; see README.md ("Settings").
      """;

  private Main() {}

  /** The JDK's setting for the size of the common ForkJoinPool. */
  static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  public static void main(String[] args) throws Exception {
    giveTheCommonPoolTwoThreads();
    String command = args.length == 0 ? "run" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "run" -> runOperator();
      case "demo" -> System.exit(io.github.pineconeimport.demo.Demo.main(rest));
      case "fake-pinecone" -> System.exit(io.github.pineconeimport.fake.FakePineconeCommand.run(rest));
      case "bench" -> io.github.pineconeimport.bench.Benchmark.main(rest);
      case "help", "--help", "-h" -> System.out.print(USAGE);
      default -> {
        System.err.println("Unknown command '" + command + "'.\n");
        System.err.print(USAGE);
        System.exit(2);
      }
    }
  }

  /**
   * With fewer than 3 CPUs (a 2-core machine, or a Pod limited to 1 or 2 CPUs) the JVM gives the
   * common ForkJoinPool a single thread, and CompletableFuture then starts a new thread for every
   * async step. The JDK HttpClient takes one such step per {@code sendAsync}, which Fabric8 and
   * our Pinecone client use for every request: the profile showed 38,000 threads started in three
   * minutes at 1,000 imports. Two threads in the pool avoid that. Must run before anything touches
   * CompletableFuture; a value set on the command line wins.
   */
  static void giveTheCommonPoolTwoThreads() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() < 3) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
  }

  private static void runOperator() {
    int code = OperatorProcess.run(System.getenv());
    if (code != 0) {
      System.exit(code);
    }
  }
}
