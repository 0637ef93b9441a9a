package io.github.pineconeimport.bench;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.SecretKeyRef;
import io.github.pineconeimport.config.Durations;
import io.github.pineconeimport.config.OperatorConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The N imports of one phase: the API-key Secret, then for each import its script in the fake
 * Pinecone and its PineconeImport. Each import's life starts when it is created, so arrivals are
 * spread by the API server's own pace, as they would be when a pipeline creates them.
 */
final class Workload {

  static final String SECRET = "pinecone";
  static final String API_KEY = "pcsk_bench_key";

  private final String namespace;
  private final int size;
  private final Profile profile;
  // written by the creator threads, read by the lag recorder's informer thread
  private final AtomicLongArray createdAtMillis;

  Workload(String namespace, int size, Profile profile) {
    this.namespace = namespace;
    this.size = size;
    this.profile = profile;
    this.createdAtMillis = new AtomicLongArray(size);
  }

  String namespace() {
    return namespace;
  }

  int size() {
    return size;
  }

  static String name(int index) {
    return String.format("imp-%05d", index);
  }

  static String importId(int index) {
    return String.format("bulk-%05d", index);
  }

  /** Index of an import by its resource name, or -1 for anything else. */
  static int indexOf(String name) {
    if (name == null || !name.startsWith("imp-")) {
      return -1;
    }
    try {
      return Integer.parseInt(name.substring(4));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** When import {@code index} started in the fake (0 until created). */
  long createdAtMillis(int index) {
    return createdAtMillis.get(index);
  }

  void createSecret(KubernetesClient client) {
    client
        .resource(
            new SecretBuilder()
                .withMetadata(
                    new ObjectMetaBuilder()
                        .withName(SECRET)
                        .withNamespace(namespace)
                        .addToLabels(OperatorConfig.API_KEY_LABEL, "true")
                        .build())
                .withData(
                    Map.of(
                        "apiKey",
                        Base64.getEncoder()
                            .encodeToString(API_KEY.getBytes(StandardCharsets.UTF_8))))
                .build())
        .create();
  }

  /** Hears of each import once its resource exists. */
  interface Created {
    void created(String name, String importId, String baseUrl);
  }

  /**
   * Creates every import with {@code threads} writers; {@code created} hears (name, importId) after
   * each. Returns when all exist.
   */
  void createImports(
      KubernetesClient client, PineconeFleet pinecone, Clock clock, int threads, Created created)
      throws InterruptedException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "bench-creator");
              t.setDaemon(true);
              return t;
            });
    try {
      for (int i = 0; i < size; i++) {
        int index = i;
        pool.execute(
            () -> {
              // the script starts just before the resource exists: the first poll sees Pending
              createdAtMillis.set(index, clock.millis());
              pinecone.seed(index, importId(index), profile.script(index));
              var host = pinecone.hostOf(index);
              client.resource(resource(host.hostAndPort(), index)).create();
              created.created(name(index), importId(index), host.baseUrl());
            });
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.HOURS);
    }
  }

  private PineconeImport resource(String host, int index) {
    var spec = new PineconeImportSpec();
    spec.setIndexHost(host);
    spec.setImportId(importId(index));
    spec.setApiKeySecretRef(new SecretKeyRef(SECRET, "apiKey"));
    spec.setPollInterval(Durations.format(profile.poll()));
    var cr = new PineconeImport();
    cr.setMetadata(new ObjectMetaBuilder().withName(name(index)).withNamespace(namespace).build());
    cr.setSpec(spec);
    return cr;
  }
}
