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

  public static void main(String[] args) throws Exception {
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

  private static void runOperator() {
    int code = OperatorProcess.run(System.getenv());
    if (code != 0) {
      System.exit(code);
    }
  }
}
