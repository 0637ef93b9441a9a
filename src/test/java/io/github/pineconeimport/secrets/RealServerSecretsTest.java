package io.github.pineconeimport.secrets;

import static io.github.pineconeimport.testing.TestResources.SCRIPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.testing.AuditLog;
import io.github.pineconeimport.testing.RealOperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.lang.management.ManagementFactory;
import java.time.Duration;
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

  @Test
  void tenThousandUnrelatedSecretsAddNothingToTheHeapWhereAFullSecretInformerHoldsThemAll(
      TestInfo test) throws Exception {
    h = RealOperatorHarness.start(name(test), Map.of());
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("301", SCRIPT);
    h.createImport("named", "301");
    h.pineconeClock.advance(Duration.ofMinutes(2));
    h.awaitPhase("named", "Completed");
    // waits for a Secret created after all the others: the watch delivers in order
    h.client.resource(importNaming("last")).create();
    h.awaitStatus("last-import", s -> s.getPhase() != null || !s.getConditions().isEmpty());
    long before = usedHeapAfterGc();

    long started = System.nanoTime();
    createUnrelatedSecrets();
    long createSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    h.client.resource(TestResources.apiKeySecret(h.namespace, "last", "apiKey",
        TestResources.API_KEY)).create();
    h.awaitStatus("last-import", s -> s.getPhase() != null);
    long withOperator = usedHeapAfterGc();

    long full;
    try (var oldWay = RealKubeClients.fullSecretInformer(h)) {
      full = usedHeapAfterGc();
    }
    System.out.printf("created %d Secrets of %d bytes in %d s; heap before %d MiB, after %d MiB"
            + " (operator: %+.1f MiB); a full Secret informer on the same namespace: %+.1f MiB%n",
        UNRELATED, VALUE_BYTES, createSeconds, before / MIB, withOperator / MIB,
        (withOperator - before) / (double) MIB, (full - withOperator) / (double) MIB);

    assertThat(full - withOperator).as("what the old full-Secret informer holds")
        .isGreaterThan(UNRELATED * (long) VALUE_BYTES);
    // the JVM-wide figure also holds the test's own client; measured here: +1.1 MiB vs +142 MiB
    assertThat(withOperator - before).as("what the operator holds for 10,000 unrelated Secrets")
        .isLessThan(2 * MIB);
    assertThat(h.operator().secretValuesHeld()).isEqualTo(2);
    assertThat(secretReadsByName()).containsOnly(TestResources.SECRET, "last");
    h.client.secrets().inNamespace(h.namespace).withLabel("unrelated", "true").delete();
  }

  @Test
  void onlyTheNamedSecretIsReadByNameAndItsValueGoesWithItsImport(TestInfo test)
      throws Exception {
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
    // the next Secret event prunes the value no import names any more
    h.client.resource(secret("other-3", "other")).create();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> h.operator().secretValuesHeld() == 0);
    assertThat(secretReadsByName()).containsOnly(TestResources.SECRET);
  }

  @Test
  void aLabelSelectorKeepsUnlabelledSecretsUnreadUntilTheyCarryTheLabel(TestInfo test)
      throws Exception {
    h = RealOperatorHarness.start(name(test),
        Map.of(OperatorConfig.SECRET_LABEL_SELECTOR, "pinecone.io/api-key=true"));
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("303", SCRIPT);
    h.createImport("named", "303");

    var status = h.awaitStatus("named", s -> s.getConditions().stream().anyMatch(
        c -> c.getType().equals("Stalled") && "SecretNotFound".equals(c.getReason())));
    assertThat(status.getConditions()).anySatisfy(c -> assertThat(c.getMessage())
        .contains("SECRET_LABEL_SELECTOR").contains("pinecone.io/api-key=true"));
    assertThat(secretReadsByName()).as("no value read of an unlabelled Secret").isEmpty();
    assertThat(h.pinecone.requestCount()).isZero();

    h.client.secrets().inNamespace(h.namespace).withName(TestResources.SECRET)
        .edit(s -> new SecretBuilder(s).editMetadata()
            .addToLabels("pinecone.io/api-key", "true").endMetadata().build());
    h.awaitPhase("named", "Pending");
    assertThat(secretReadsByName()).containsOnly(TestResources.SECRET);
  }

  private void createUnrelatedSecrets() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> batches = new ArrayList<>();
      int per = UNRELATED / 8;
      for (int t = 0; t < 8; t++) {
        int from = t * per;
        batches.add(pool.submit(() -> IntStream.range(from, from + per).forEach(i ->
            h.client.resource(secret("unrelated-" + i, "true")).create())));
      }
      for (Future<?> batch : batches) {
        batch.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Secret secret(String name, String unrelatedLabel) {
    byte[] value = new byte[VALUE_BYTES];
    new java.util.Random(name.hashCode()).nextBytes(value);
    return new SecretBuilder().withNewMetadata().withNamespace(h.namespace).withName(name)
        .addToLabels("unrelated", unrelatedLabel).endMetadata()
        .addToData("value", Base64.getEncoder().encodeToString(value)).build();
  }

  private io.github.pineconeimport.api.v1alpha1.PineconeImport importNaming(String secretName) {
    var cr = h.importOf("last-import", "301");
    cr.getSpec().getApiKeySecretRef().setName(secretName);
    return cr;
  }

  /** The Secrets the operator read one by one (a GET names the object; a list does not). */
  private List<String> secretReadsByName() {
    h.settle();
    return h.operatorRequests().stream()
        .filter(e -> e.on("secrets") && e.verb().equals("get"))
        .map(AuditLog.Entry::name).distinct().toList();
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
  static final class RealKubeClients {
    static AutoCloseable fullSecretInformer(RealOperatorHarness h) {
      var client = h.kube.newClient(c -> { });
      SharedIndexInformer<Secret> informer =
          client.secrets().inNamespace(h.namespace).inform();
      await().atMost(Duration.ofMinutes(2)).until(informer::hasSynced);
      assertThat(informer.getStore().list()).hasSizeGreaterThan(UNRELATED);
      return () -> {
        informer.close();
        client.close();
      };
    }
  }
}
