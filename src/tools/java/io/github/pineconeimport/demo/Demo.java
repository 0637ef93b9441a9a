package io.github.pineconeimport.demo;

import ch.qos.logback.classic.Level;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.github.pineconeimport.PineconeImportOperator;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.FakeKubernetes;
import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.Scenario;
import io.github.pineconeimport.pinecone.BulkImport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * The no-cluster demo: an embedded Kubernetes API, the fake Pinecone and the real operator with its
 * real configuration path, in one process. It applies deploy/examples/ (the operator starts four
 * imports from their uris and tracks a fifth by ID), plays a user (cancels one import with
 * spec.cancel, deletes one running import whose policy is Cancel, creates a missing Secret), shows
 * the imports as {@code kubectl get -w} would and then the events they raised.
 */
public final class Demo {

  /** The example manifests, in the order a user would apply them (DemoIT checks the list). */
  public static final List<String> EXAMPLES =
      List.of(
          "pinecone-api-key-secret.yaml",
          "products-import.yaml",
          "reviews-import.yaml",
          "clickstream-import.yaml",
          "catalog-import.yaml",
          "sessions-import.yaml");

  static final String NAMESPACE = "demo";
  static final String CANCELLED_BY_SPEC = "clickstream-2024-08";
  static final String DELETED_WHILE_RUNNING = "sessions-2024-08";
  static final String RERUN_BY_SPEC = "reviews-2024-08";

  /** How each example resource should end; the deleted one is gone, its import cancelled. */
  static final Map<String, String> EXPECTED =
      Map.of(
          "products-2024-08",
          BulkImport.COMPLETED,
          "reviews-2024-08",
          BulkImport.FAILED,
          CANCELLED_BY_SPEC,
          BulkImport.CANCELLED,
          "catalog-team-b",
          BulkImport.COMPLETED);

  /**
   * @param scale stretches the scripted imports and the demo's own moves (1.0 = about 15 s)
   */
  public record Options(double scale, boolean keepRunning, Duration timeout, boolean verbose) {
    public static Options defaults() {
      return new Options(1.0, false, Duration.ofSeconds(50), false);
    }
  }

  /** What happened, for the summary line and for tests. */
  public record Result(
      Map<String, String> phases,
      List<Event> events,
      long pineconeRequests,
      long statusWrites,
      Duration took,
      boolean asExpected,
      long posts,
      boolean deletedCancelled,
      DayTwo.Outcome dayTwo) {

    public String summary() {
      Map<String, Long> byPhase =
          new TreeMap<>(
              phases.values().stream()
                  .collect(Collectors.groupingBy(p -> p, Collectors.counting())));
      String reasons =
          events.stream().map(Event::getReason).sorted().collect(Collectors.joining(", "));
      return String.format(
          "demo %s: %d imports in %ds (%s; 1 deleted while running, its import"
              + " %s); %d starts; %d events (%s); %d Pinecone requests, %d status writes",
          asExpected ? "OK" : "FAILED",
          phases.size() + 1,
          took.toSeconds(),
          byPhase.entrySet().stream()
              .map(e -> e.getValue() + " " + e.getKey())
              .collect(Collectors.joining(", ")),
          deletedCancelled ? "cancelled" : "NOT cancelled",
          posts,
          events.size(),
          reasons,
          pineconeRequests,
          statusWrites);
    }
  }

  private final Options options;
  private final PrintStream out;
  private final Clock clock = Clock.systemUTC();

  public Demo(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** {@code demo [--keep-running] [--scale N] [--verbose]}; returns the exit code. */
  public static int main(String[] args) throws Exception {
    var o = Options.defaults();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--keep-running" -> o = new Options(o.scale(), true, o.timeout(), o.verbose());
        case "--verbose" -> o = new Options(o.scale(), o.keepRunning(), o.timeout(), true);
        case "--scale" -> {
          double scale = Double.parseDouble(args[++i]);
          o =
              new Options(
                  scale,
                  o.keepRunning(),
                  Duration.ofMillis((long) (50_000 * Math.max(1, scale))),
                  o.verbose());
        }
        default -> {
          System.err.println("Usage: demo [--keep-running] [--scale N] [--verbose]");
          return 2;
        }
      }
    }
    Result result = new Demo(o, System.out).run();
    return result.asExpected() ? 0 : 1;
  }

  public Result run() throws Exception {
    if (!options.verbose()) {
      quietLogs();
    }
    Instant start = clock.instant();
    out.println(
        "Starting an embedded Kubernetes API (Fabric8 mock server, CRUD mode, our CRD),"
            + " a fake Pinecone and the operator...");
    try (var kube = FakeKubernetes.start();
        var pinecone = FakePineconeServer.start(0, null, clock)) {
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put(OperatorConfig.ALLOWED_HOSTS, "*.pinecone.io," + pinecone.allowedHostEntry());
      PineconeImportOperator operator =
          PineconeImportOperator.start(
              kube.newClient(), OperatorConfig.fromEnv(env), clock, new SimpleMeterRegistry());
      KubernetesClient client = kube.client();
      var table = new LiveTable(out, clock);
      out.println(
          "Applying deploy/examples/ to namespace "
              + NAMESPACE
              + " (indexHost -> the fake"
              + " at "
              + pinecone.hostAndPort()
              + ", pollInterval -> 1s)");
      out.println();
      table.header();
      Watch watch =
          client
              .resources(PineconeImport.class)
              .inNamespace(NAMESPACE)
              .watch(
                  new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, PineconeImport resource) {
                      table.update(resource);
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                  });
      // imports start in Pinecone as their resources are applied, so the table shows Pending
      Scenario.demo(options.scale()).seed(pinecone);
      applyExamples(client, pinecone);
      playTheUser(client);
      boolean finished = awaitTheEnd(client);
      Thread.sleep(500); // the last events land right after the last status write

      List<Event> events = client.v1().events().inNamespace(NAMESPACE).list().getItems();
      kube.settle();
      Map<String, String> phases = phases(client);
      long requests = pinecone.requestCount();
      long writes = kube.statusWrites();
      long posts = pinecone.postCount();
      boolean deletedCancelled =
          pinecone.importsWithUri(Scenario.DEMO_SESSIONS_URI).stream()
              .allMatch(i -> BulkImport.CANCELLED.equals(i.status()));
      boolean asExpected = finished && EXPECTED.equals(phases) && deletedCancelled;

      out.println();
      out.println(
          "Day 2 from Git. The operator restarts with MAX_RUNNING_IMPORTS_PER_INDEX="
              + DayTwo.CAP
              + ":");
      operator.close();
      env.put(OperatorConfig.MAX_RUNNING_IMPORTS_PER_INDEX, Integer.toString(DayTwo.CAP));
      operator =
          PineconeImportOperator.start(
              kube.newClient(), OperatorConfig.fromEnv(env), clock, new SimpleMeterRegistry());
      DayTwo.Outcome dayTwo =
          new DayTwo(client, pinecone, out, options.scale(), clock).play(options.timeout());
      watch.close();
      operator.close();
      printEvents(events);
      var result =
          new Result(
              phases,
              events,
              requests,
              writes,
              Duration.between(start, clock.instant()),
              asExpected && dayTwo.asExpected(),
              posts,
              deletedCancelled,
              dayTwo);
      out.println();
      out.println(result.summary());
      out.println(dayTwo.summary());
      if (options.keepRunning()) {
        keepRunning(kube, pinecone);
      }
      return result;
    }
  }

  private void applyExamples(KubernetesClient client, FakePineconeServer pinecone)
      throws IOException {
    for (String file : EXAMPLES) {
      try (InputStream in = Demo.class.getResourceAsStream("/examples/" + file)) {
        if (in == null) {
          throw new IllegalStateException("example " + file + " is not in the jar");
        }
        for (HasMetadata loaded : client.load(in).items()) {
          // the loader knows built-in kinds; ours comes back generic and is converted here
          HasMetadata item =
              loaded instanceof GenericKubernetesResource generic
                      && PineconeImport.KIND.equals(generic.getKind())
                  ? client.getKubernetesSerialization().convertValue(generic, PineconeImport.class)
                  : loaded;
          item.getMetadata().setNamespace(NAMESPACE);
          if (item instanceof PineconeImport cr) {
            cr.getSpec().setIndexHost(pinecone.hostAndPort());
            cr.getSpec().setPollInterval("1s");
          }
          client.resource(item).create();
        }
      }
    }
  }

  /**
   * What a user would do by hand (or by a commit a GitOps tool applies): cancel one import with
   * spec.cancel, delete one running import, create the Secret another waits for.
   */
  private void playTheUser(KubernetesClient client) {
    Thread user =
        new Thread(
            () -> {
              try {
                Thread.sleep(scaled(3000));
                out.println(
                    "-- user: kubectl patch pineconeimport "
                        + CANCELLED_BY_SPEC
                        + " --type merge -p '{\"spec\":{\"cancel\":true}}'");
                client
                    .resources(PineconeImport.class)
                    .inNamespace(NAMESPACE)
                    .withName(CANCELLED_BY_SPEC)
                    .edit(
                        cr -> {
                          cr.getSpec().setCancel(true);
                          return cr;
                        });
                Thread.sleep(scaled(1000));
                out.println(
                    "-- user: kubectl delete pineconeimport "
                        + DELETED_WHILE_RUNNING
                        + "   (deletionPolicy Cancel: the operator cancels its import first)");
                client
                    .resources(PineconeImport.class)
                    .inNamespace(NAMESPACE)
                    .withName(DELETED_WHILE_RUNNING)
                    .delete();
                Thread.sleep(scaled(1000));
                out.println(
                    "-- user: kubectl create secret generic pinecone-team-b"
                        + " --from-literal=PINECONE_API_KEY=... && kubectl label secret"
                        + " pinecone-team-b pinecone.io/api-key=true");
                client
                    .resource(
                        new SecretBuilder()
                            .withNewMetadata()
                            .withName("pinecone-team-b")
                            .withNamespace(NAMESPACE)
                            .addToLabels(OperatorConfig.API_KEY_LABEL, "true")
                            .endMetadata()
                            .withStringData(Map.of("PINECONE_API_KEY", "demo-team-b-key"))
                            .build())
                    .create();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                out.println("-- user step failed: " + e.getMessage());
              }
            },
            "demo-user");
    user.setDaemon(true);
    user.start();
  }

  private long scaled(long millis) {
    return Math.round(millis * options.scale());
  }

  private boolean awaitTheEnd(KubernetesClient client) throws InterruptedException {
    Instant deadline = clock.instant().plus(options.timeout());
    while (clock.instant().isBefore(deadline)) {
      Map<String, String> phases = phases(client);
      if (EXPECTED.keySet().stream().allMatch(n -> BulkImport.isTerminal(phases.get(n)))
          && !phases.containsKey(DELETED_WHILE_RUNNING)) {
        return true;
      }
      Thread.sleep(100);
    }
    out.println(
        "-- timed out after "
            + options.timeout().toSeconds()
            + "s waiting for every"
            + " import to finish");
    return false;
  }

  private static Map<String, String> phases(KubernetesClient client) {
    Map<String, String> phases = new TreeMap<>();
    for (PineconeImport cr :
        client.resources(PineconeImport.class).inNamespace(NAMESPACE).list().getItems()) {
      phases.put(
          cr.getMetadata().getName(),
          cr.getStatus() == null || cr.getStatus().getPhase() == null
              ? "(none)"
              : cr.getStatus().getPhase());
    }
    return phases;
  }

  private void printEvents(List<Event> events) {
    out.println();
    out.println("Events (kubectl get events -n " + NAMESPACE + "):");
    out.printf("%-22s %-8s %-16s %s%n", "OBJECT", "TYPE", "REASON", "MESSAGE");
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(
        Comparator.comparing((Event e) -> e.getInvolvedObject().getName())
            .thenComparing(Event::getFirstTimestamp));
    for (Event e : sorted) {
      out.printf(
          "%-22s %-8s %-16s %s%n",
          e.getInvolvedObject().getName(), e.getType(), e.getReason(), e.getMessage());
    }
  }

  private void keepRunning(FakeKubernetes kube, FakePineconeServer pinecone) throws Exception {
    Path kubeconfig = Files.createTempFile("pinecone-demo-kubeconfig", ".yaml");
    String server = kube.url().replaceAll("/$", "");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: demo, cluster: {server: "%s"}}]
        users: [{name: demo, user: {}}]
        contexts: [{name: demo, context: {cluster: demo, user: demo, namespace: demo}}]
        current-context: demo
        """
            .formatted(server));
    out.println();
    out.println("Still running (Ctrl-C to stop):");
    out.println(
        "  kubeconfig:    "
            + kubeconfig
            + "   (the mock API has no discovery: use curl"
            + " or a Fabric8 client, e.g. curl "
            + server
            + "/apis/pinecone.io/v1alpha1/namespaces/demo/pineconeimports)");
    out.println(
        "  fake Pinecone: "
            + pinecone.baseUrl()
            + "   (curl -H 'Api-Key: x' "
            + pinecone.baseUrl()
            + "/bulk/imports)");
    var forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
    forever.await();
  }

  private static void quietLogs() {
    // the table is the demo's output; the operator's own log lines would interleave with it
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.github.pineconeimport"))
        .setLevel(Level.WARN);
    for (String name :
        List.of("io.javaoperatorsdk", "Default ConfigurationService implementation")) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
    }
    // "unstable version v1alpha1" is true and not news to someone running our demo
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.fabric8")).setLevel(Level.ERROR);
  }
}
