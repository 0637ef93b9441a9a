package io.github.pineconeimport;

/**
 * Entry point of the operator jar: {@code run} (default) starts the operator. The demo, the fake
 * Pinecone and the benchmark live in the tools jar ({@code Tools}), so that nothing a pod never
 * runs ships in the image.
 */
public final class Main {

  static final String USAGE =
      """
      Usage: java -jar pinecone-import-operator.jar [command]

      Commands:
        run            run the operator against the current kubeconfig or in-cluster config (default)
        help           show this text

      The demo, the fake Pinecone and the benchmark are in the tools jar:
        java -jar pinecone-import-operator-tools.jar help

      Settings come from environment variables; see README.md ("Settings").
      """;

  /** The commands of the tools jar, named here so that a user who tries one is pointed there. */
  static final java.util.Set<String> TOOLS = java.util.Set.of("demo", "fake-pinecone", "bench");

  private Main() {}

  /** The JDK's setting for the size of the common ForkJoinPool. */
  static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  public static void main(String[] args) throws Exception {
    giveTheCommonPoolTwoThreads();
    String command = args.length == 0 ? "run" : args[0];
    switch (command) {
      case "run" -> runOperator();
      case "help", "--help", "-h" -> System.out.print(USAGE);
      default -> {
        System.err.println(
            TOOLS.contains(command)
                ? "'"
                    + command
                    + "' is in the tools jar: java -jar pinecone-import-operator-tools.jar "
                    + command
                    + "\n"
                : "Unknown command '" + command + "'.\n");
        System.err.print(USAGE);
        System.exit(2);
      }
    }
  }

  /**
   * With fewer than 3 CPUs (a 2-core machine, or a Pod limited to 1 or 2 CPUs) the JVM gives the
   * common ForkJoinPool a single thread, and CompletableFuture then starts a new thread for every
   * async step. The JDK HttpClient takes one such step per {@code sendAsync}, which Fabric8 and our
   * Pinecone client use for every request: the profile showed 38,000 threads started in three
   * minutes at 1,000 imports. Two threads in the pool avoid that. Must run before anything touches
   * CompletableFuture; a value set on the command line wins.
   */
  public static void giveTheCommonPoolTwoThreads() {
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
