package io.github.pineconeimport.tools;

import io.github.pineconeimport.Main;
import io.github.pineconeimport.bench.Benchmark;
import io.github.pineconeimport.demo.Demo;
import io.github.pineconeimport.fake.FakePineconeCommand;
import java.util.Arrays;

/**
 * Entry point of the tools jar: the demo, the fake Pinecone and the benchmark, which need Fabric8's
 * mock API server and a chart library that the operator jar leaves out; {@code run} is the
 * operator's own.
 */
public final class Tools {

  static final String USAGE =
      """
      Usage: java -jar pinecone-import-operator-tools.jar [command] [options]

      Commands:
        demo           the whole operator in one process: embedded Kubernetes API, fake Pinecone,
                       the examples from deploy/examples/ [--keep-running] [--scale N] [--verbose]
        fake-pinecone  a fake Pinecone bulk import API [--port 8181] [--api-key KEY] [--scenario FILE]
        bench          measure what an import costs against a naive poller (bench --help)
        run            run the operator (as the operator jar does)
        help           show this text

      Settings come from environment variables; see docs/reference.md ("Settings").
      """;

  private Tools() {}

  public static void main(String[] args) throws Exception {
    // the operator the demo and the bench run must see the thread pool it ships with
    Main.giveTheCommonPoolTwoThreads();
    String command = args.length == 0 ? "help" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "demo" -> System.exit(Demo.main(rest));
      case "fake-pinecone" -> System.exit(FakePineconeCommand.run(rest));
      case "bench" -> Benchmark.main(rest);
      case "run" -> Main.main(args);
      case "help", "--help", "-h" -> System.out.print(USAGE);
      default -> {
        System.err.println("Unknown command '" + command + "'.\n");
        System.err.print(USAGE);
        System.exit(2);
      }
    }
  }
}
