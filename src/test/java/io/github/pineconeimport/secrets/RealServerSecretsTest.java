package io.github.pineconeimport.secrets;

import static io.github.pineconeimport.testing.TestResources.SCRIPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.ManualClock;
import io.github.pineconeimport.testing.AuditLog;
import io.github.pineconeimport.testing.OperatorJvm;
import io.github.pineconeimport.testing.RealKube;
import io.github.pineconeimport.testing.RealOperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What the operator learns about Secrets, on a real API server: metadata for the Secrets its
 * imports name, one value read by name for each, nothing at all about the others.
 */
class RealServerSecretsTest {

  static final int UNRELATED = 10_000;
  static final int VALUE_BYTES = 4096;
  static final long MIB = 1024 * 1024;

  RealOperatorHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  /**
   * The operator runs in a JVM of its own, so its heap is measured alone (jcmd's live-object
   * histogram) while other tests run in this one; the old way, an informer on whole Secrets, is
   * measured here in the test's JVM for comparison.
   */
  @Test
  void tenThousandUnrelatedSecretsAddNothingToTheHeapWhereAFullSecretInformerHoldsThemAll(
      TestInfo test) throws Exception {
    var kube = RealKube.get();
    String ns = kube.newNamespace(name(test));
    var clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (var pinecone = FakePineconeServer.start(0, TestResources.API_KEY, clock);
        var operator =
            OperatorJvm.start(
                "secrets-heap",
                Map.of(
                    "KUBECONFIG",
                    kube.kubeconfig().toString(),
                    OperatorConfig.WATCH_NAMESPACES,
                    ns,
                    OperatorConfig.ALLOWED_HOSTS,
                    pinecone.allowedHostEntry(),
                    OperatorConfig.HEALTH_PORT,
                    "0",
                    "LOG_LEVEL",
                    "INFO"))) {
      var client = kube.client();
      client
          .resource(
              TestResources.apiKeySecret(ns, TestResources.SECRET, "apiKey", TestResources.API_KEY))
          .create();
      pinecone.seed("301", SCRIPT);
      clock.advance(Duration.ofMinutes(5));
      client
          .resource(TestResources.pineconeImport(ns, "named", pinecone.hostAndPort(), "301"))
          .create();
      var last = TestResources.pineconeImport(ns, "last-import", pinecone.hostAndPort(), "301");
      last.getSpec().getApiKeySecretRef().setName("last");
      client.resource(last).create();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  phase(client, ns, "named") != null
                      && TestResources.get(client, ns, "last-import").getStatus() != null);
      long before = operator.liveHeapBytes();

      long started = System.nanoTime();
      createUnrelatedSecrets(ns);
      long createSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
      // the watch delivers in order: once this one is seen, the 10,000 before it were too
      client
          .resource(TestResources.apiKeySecret(ns, "last", "apiKey", TestResources.API_KEY))
          .create();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> "Completed".equals(phase(client, ns, "last-import")));
      long after = operator.liveHeapBytes();

      long full;
      long withoutInformer = usedHeapAfterGc();
      try (var oldWay = fullSecretInformer(kube, ns)) {
        full = usedHeapAfterGc() - withoutInformer;
      }
      System.out.printf(
          "created %d Secrets of %d bytes in %d s; operator's live heap before"
              + " %.1f MiB, after %.1f MiB (%+.2f MiB); a full Secret informer on the same"
              + " namespace: %+.1f MiB%n",
          UNRELATED,
          VALUE_BYTES,
          createSeconds,
          before / (double) MIB,
          after / (double) MIB,
          (after - before) / (double) MIB,
          full / (double) MIB);

      assertThat(full)
          .as("what an informer on whole Secrets holds")
          .isGreaterThan(UNRELATED * (long) VALUE_BYTES);
      assertThat(after - before)
          .as("what the operator holds for 10,000 unrelated Secrets")
          .isLessThan(MIB);
      client.secrets().inNamespace(ns).withLabel("unrelated", "true").delete();
    }
  }

  @Test
  void onlyTheNamedSecretIsReadByNameAndItsValueGoesWithItsImport(TestInfo test) throws Exception {
    h = RealOperatorHarness.start(name(test), Map.of());
    h.createSecret(TestResources.API_KEY);
    for (int i = 0; i < 3; i++) {
      h.client.resource(secret("other-" + i, "other")).create();
    }
    h.pinecone.seed("302", SCRIPT);
    h.createImport("named", "302");
    h.awaitPhase("named", "Pending");
    assertThat(h.operator().secretValuesHeld()).isEqualTo(1);

    h.client.resource(h.get("named")).delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.operator().secretValuesHeld() == 0);
    assertThat(secretReadsByName()).containsOnly(TestResources.SECRET);
  }

  @Test
  void aLabelSelectorKeepsUnlabelledSecretsUnreadUntilTheyCarryTheLabel(TestInfo test)
      throws Exception {
    h =
        RealOperatorHarness.start(
            name(test), Map.of(OperatorConfig.SECRET_LABEL_SELECTOR, "pinecone.io/api-key=true"));
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("303", SCRIPT);
    h.createImport("named", "303");

    var status =
        h.awaitStatus(
            "named",
            s ->
                s.getConditions().stream()
                    .anyMatch(
                        c ->
                            c.getType().equals("Stalled")
                                && "SecretNotFound".equals(c.getReason())));
    assertThat(status.getConditions())
        .anySatisfy(
            c ->
                assertThat(c.getMessage())
                    .contains("SECRET_LABEL_SELECTOR")
                    .contains("pinecone.io/api-key=true"));
    assertThat(secretReadsByName()).as("no value read of an unlabelled Secret").isEmpty();
    assertThat(h.pinecone.requestCount()).isZero();

    h.client
        .secrets()
        .inNamespace(h.namespace)
        .withName(TestResources.SECRET)
        .edit(
            s ->
                new SecretBuilder(s)
                    .editMetadata()
                    .addToLabels("pinecone.io/api-key", "true")
                    .endMetadata()
                    .build());
    h.awaitPhase("named", "Pending");
    assertThat(secretReadsByName()).containsOnly(TestResources.SECRET);
  }

  private void createUnrelatedSecrets(String ns) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> batches = new ArrayList<>();
      int per = UNRELATED / 8;
      for (int t = 0; t < 8; t++) {
        int from = t * per;
        batches.add(
            pool.submit(
                () ->
                    IntStream.range(from, from + per)
                        .forEach(
                            i ->
                                RealKube.get()
                                    .client()
                                    .resource(secret(ns, "unrelated-" + i, "true"))
                                    .create())));
      }
      for (Future<?> batch : batches) {
        batch.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Secret secret(String name, String unrelatedLabel) {
    return secret(h.namespace, name, unrelatedLabel);
  }

  private static Secret secret(String ns, String name, String unrelatedLabel) {
    byte[] value = new byte[VALUE_BYTES];
    new java.util.Random(name.hashCode()).nextBytes(value);
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .addToLabels("unrelated", unrelatedLabel)
        .endMetadata()
        .addToData("value", Base64.getEncoder().encodeToString(value))
        .build();
  }

  private static String phase(KubernetesClient client, String ns, String name) {
    var cr = TestResources.get(client, ns, name);
    return cr == null || cr.getStatus() == null ? null : cr.getStatus().getPhase();
  }

  /** The Secrets the operator read one by one (a GET names the object; a list does not). */
  private List<String> secretReadsByName() {
    h.settle();
    return h.operatorRequests().stream()
        .filter(e -> e.on("secrets") && e.verb().equals("get"))
        .map(AuditLog.Entry::name)
        .distinct()
        .toList();
  }

  static long usedHeapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(250);
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  private static String name(TestInfo test) {
    return test.getTestMethod().orElseThrow().getName();
  }

  /** What the operator used to do: inform on every Secret, values and all. */
  static AutoCloseable fullSecretInformer(RealKube kube, String ns) {
    var client = kube.newClient(c -> {});
    SharedIndexInformer<Secret> informer = client.secrets().inNamespace(ns).inform();
    await().atMost(Duration.ofMinutes(2)).until(informer::hasSynced);
    assertThat(informer.getStore().list()).hasSizeGreaterThan(UNRELATED);
    return () -> {
      informer.close();
      client.close();
    };
  }
}
