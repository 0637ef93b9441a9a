package io.github.pineconeimport;

import java.util.Arrays;

/** Entry point of the jar: {@code run} (default) starts the operator; other commands are tools. */
public final class Main {

  static final String USAGE =
      """
      Usage: java -jar pinecone-import-operator.jar [command] [options]

      Commands:
        run            run the operator against the current kubeconfig or in-cluster config (default)
        help           show this text

      Settings come from environment variables; see README.md ("Settings").
      """;

  private Main() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "run" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "run" -> runOperator();
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
