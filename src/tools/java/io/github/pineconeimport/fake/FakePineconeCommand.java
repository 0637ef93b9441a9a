package io.github.pineconeimport.fake;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar pinecone-import-operator-tools.jar fake-pinecone --port 8181 [--api-key KEY]
 * [--scenario FILE] [--scale N] [--max-running N] [--refuse-api-version V]}: the fake on its own,
 * so an operator on a real cluster can be pointed at it (allow it with
 * PINECONE_ALLOWED_HOSTS=http://HOST:PORT).
 */
public final class FakePineconeCommand {

  static final String USAGE =
      """
      Usage: fake-pinecone [--port 8181] [--api-key KEY] [--scenario FILE] [--scale 10]
                           [--max-running N]
        --port         port on 127.0.0.1 (default 8181; 0 picks a free one)
        --api-key      the only key accepted (default: any non-empty key)
        --scenario     YAML file of imports (default: the demo's imports 101-104)
        --scale        stretch the demo imports' durations by this factor (default 10)
        --max-running  refuse POST /bulk/imports while N imports run (default: the scenario's,
                       else no limit)
        --refuse-api-version  answer every request at this X-Pinecone-Api-Version as a retired
                       version (400); may be repeated. Served: 2025-01, 2025-10, 2026-04
      """;

  private FakePineconeCommand() {}

  public static int run(String[] args) throws Exception {
    int port = 8181;
    String apiKey = null;
    Path scenarioFile = null;
    double scale = 10;
    Integer maxRunning = null;
    var refused = new java.util.ArrayList<String>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        System.out.print(USAGE);
        return 0;
      }
      if (i + 1 >= args.length) {
        System.err.println("Missing value for " + arg + "\n" + USAGE);
        return 2;
      }
      String value = args[++i];
      try {
        switch (arg) {
          case "--port" -> port = Integer.parseInt(value);
          case "--api-key" -> apiKey = value;
          case "--scenario" -> scenarioFile = Path.of(value);
          case "--scale" -> scale = Double.parseDouble(value);
          case "--max-running" -> {
            maxRunning = Integer.parseInt(value);
            if (maxRunning < 1) {
              System.err.println("--max-running must be at least 1");
              return 2;
            }
          }
          case "--refuse-api-version" -> {
            if (!FakePineconeServer.SERVED_API_VERSIONS.contains(value)) {
              System.err.println(
                  "--refuse-api-version: "
                      + value
                      + " is not served anyway; served: "
                      + String.join(", ", FakePineconeServer.SERVED_API_VERSIONS));
              return 2;
            }
            refused.add(value);
          }
          default -> {
            System.err.println("Unknown option " + arg + "\n" + USAGE);
            return 2;
          }
        }
      } catch (NumberFormatException e) {
        System.err.println(arg + " needs a number, got '" + value + "'");
        return 2;
      }
    }
    Scenario scenario;
    try {
      scenario = scenarioFile == null ? Scenario.demo(scale) : Scenario.read(scenarioFile);
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("Cannot read scenario: " + e.getMessage());
      return 2;
    }
    var fake = FakePineconeServer.start(port, apiKey, Clock.systemUTC());
    scenario.seed(fake);
    if (maxRunning != null) {
      fake.maxRunningImports(maxRunning);
    }
    fake.refuseApiVersion(refused.toArray(String[]::new));
    System.out.println(
        "Fake Pinecone listening on "
            + fake.baseUrl()
            + (apiKey == null ? " (any non-empty Api-Key)" : " (one Api-Key accepted)"));
    System.out.println(
        "Imports: "
            + String.join(", ", scenario.imports().keySet())
            + "; POST /bulk/imports starts more");
    System.out.println(
        "Let the operator reach it with PINECONE_ALLOWED_HOSTS="
            + fake.allowedHostEntry()
            + "  and spec.indexHost: "
            + fake.hostAndPort());
    System.out.println("Try: curl -H 'Api-Key: x' " + fake.baseUrl() + "/bulk/imports");
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  fake.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }
}
