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
class RealServerSecretsIT {

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
        var operator = operatorJvm("secrets-heap", kube, pinecone, ns)) {
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

  static final String URI = "s3://demo-bucket/opt-in/";

  /**
   * By default a Secret its owner has not labelled is not read, not even its metadata: the import
   * says so (Stalled, SecretNotLabelled) with the command that labels it, and running that command
   * starts the import within seconds.
   */
  @Test
  void anUnlabelledSecretIsNeverReadAndLabellingItStartsTheImport(TestInfo test) throws Exception {
    h = RealOperatorHarness.start(name(test), Map.of());
    h.client
        .resource(
            TestResources.unlabelledSecret(
                h.namespace, TestResources.SECRET, "apiKey", TestResources.API_KEY))
        .create();
    h.pinecone.startScript(SCRIPT);
    h.createStarting("named", URI);

    var stalled =
        h.awaitStatus(
            "named",
            s ->
                s.getConditions() != null
                    && s.getConditions().stream()
                        .anyMatch(
                            c ->
                                c.getType().equals("Stalled")
                                    && "SecretNotLabelled".equals(c.getReason())));
    String message =
        stalled.getConditions().stream()
            .filter(c -> c.getType().equals("Stalled"))
            .findFirst()
            .orElseThrow()
            .getMessage();
    String command =
        "kubectl label secret "
            + TestResources.SECRET
            + " -n "
            + h.namespace
            + " pinecone.io/api-key=true";
    assertThat(message).endsWith(command).doesNotContain(TestResources.API_KEY);
    assertThat(h.pinecone.requestCount()).isZero();
    assertNothingOfTheSecretWasRead();

    // the owner runs the command the message gives, word for word
    var labelled =
        h.kube
            .kubectl()
            .run(java.nio.file.Path.of("."), command.substring("kubectl ".length()).split(" "));
    assertThat(labelled.exitCode()).as(labelled.stderr()).isZero();
    // STALLED_RETRY is 10 minutes here: only the Secret's watch event can wake it this soon
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> h.get("named").getStatus().getImportId() != null);
    assertThat(h.pinecone.postCount(URI)).isEqualTo(1);
    assertThat(secretReadsByName()).containsOnly(TestResources.SECRET);
  }

  /**
   * What the operator asked the API server about Secrets in the namespace: watches and lists by the
   * label selector (which show nothing of an unlabelled one), and a Table with no object, which
   * tells that a Secret exists without returning any of it. Never a GET.
   */
  private void assertNothingOfTheSecretWasRead() {
    h.settle();
    var secretRequests = h.operatorRequests().stream().filter(e -> e.on("secrets")).toList();
    assertThat(secretRequests).isNotEmpty();
    assertThat(secretRequests)
        .allSatisfy(
            e -> {
              assertThat(e.verb()).isIn("list", "watch");
              assertThat(e.requestUri())
                  .satisfiesAnyOf(
                      uri -> assertThat(uri).contains("labelSelector=pinecone.io%2Fapi-key%3Dtrue"),
                      uri -> assertThat(uri).contains("includeObject=None"));
            });
  }

  /** The Secret's owner names the hosts its key may go to; the operator keeps to them. */
  @Test
  void theSecretsAllowedHostsAnnotationIsHonoured(TestInfo test) throws Exception {
    h = RealOperatorHarness.start(name(test), Map.of());
    h.client
        .resource(
            new SecretBuilder(
                    TestResources.apiKeySecret(
                        h.namespace, TestResources.SECRET, "apiKey", TestResources.API_KEY))
                .editMetadata()
                .addToAnnotations(
                    SecretLookup.ALLOWED_HOSTS_ANNOTATION, "idx-abc.svc.aped-4627-b74a.pinecone.io")
                .endMetadata()
                .build())
        .create();
    h.pinecone.seed("304", SCRIPT);
    h.createImport("named", "304");

    var refused =
        h.awaitStatus(
            "named",
            s ->
                s.getConditions() != null
                    && s.getConditions().stream()
                        .anyMatch(
                            c ->
                                c.getType().equals("Stalled")
                                    && "HostNotAllowed".equals(c.getReason())));
    assertThat(refused.getConditions())
        .anySatisfy(
            c ->
                assertThat(c.getMessage())
                    .contains("pinecone.io/allowed-hosts annotation of Secret " + h.namespace)
                    .contains("idx-abc.svc.aped-4627-b74a.pinecone.io"));
    assertThat(h.pinecone.requestCount()).as("the key went nowhere").isZero();

    h.client
        .secrets()
        .inNamespace(h.namespace)
        .withName(TestResources.SECRET)
        .edit(
            s ->
                new SecretBuilder(s)
                    .editMetadata()
                    .addToAnnotations(
                        SecretLookup.ALLOWED_HOSTS_ANNOTATION,
                        "idx-abc.svc.aped-4627-b74a.pinecone.io, " + h.pinecone.hostAndPort())
                    .endMetadata()
                    .build());
    h.awaitPhase("named", "Pending");
    assertThat(h.pinecone.requestCount("304")).isPositive();
  }

  /**
   * Secrets written with client-side {@code kubectl apply} carry their whole manifest, values
   * included, in an annotation. With the default selector none of an unlabelled one's values is
   * anywhere in the operator's heap, whether an import names it or not; the labelled one's key is
   * (the control that shows the search finds what is there).
   */
  @Test
  void noValueOfAnUnlabelledSecretIsInTheOperatorsHeap(TestInfo test) throws Exception {
    var kube = RealKube.get();
    String ns = kube.newNamespace(name(test));
    var clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    String named = "unlabelled-named-" + java.util.UUID.randomUUID();
    String unnamed = "unlabelled-unnamed-" + java.util.UUID.randomUUID();
    String rotated = "unlabelled-rotated-" + java.util.UUID.randomUUID();
    String inData = "unlabelled-data-" + java.util.UUID.randomUUID();
    try (var pinecone = FakePineconeServer.start(0, TestResources.API_KEY, clock);
        var operator = operatorJvm("secrets-heap-dump", kube, pinecone, ns)) {
      var dir = java.nio.file.Files.createTempDirectory("secrets-apply");
      kube.apply("-f", write(dir, "v1.yaml", manifests(ns, named, unnamed, inData)).toString());
      pinecone.seed("305", SCRIPT);
      clock.advance(Duration.ofMinutes(5));
      var client = kube.client();
      client
          .resource(TestResources.pineconeImport(ns, "labelled", pinecone.hostAndPort(), "305"))
          .create();
      var steals = TestResources.pineconeImport(ns, "steals", pinecone.hostAndPort(), "305");
      steals.getSpec().getApiKeySecretRef().setName("db-creds");
      steals.getSpec().getApiKeySecretRef().setKey("password");
      client.resource(steals).create();
      var stealsData =
          TestResources.pineconeImport(ns, "steals-data", pinecone.hostAndPort(), "305");
      stealsData.getSpec().getApiKeySecretRef().setName("tls-ish");
      stealsData.getSpec().getApiKeySecretRef().setKey("token");
      client.resource(stealsData).create();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  "Completed".equals(phase(client, ns, "labelled"))
                      && reason(client, ns, "steals").equals("SecretNotLabelled")
                      && reason(client, ns, "steals-data").equals("SecretNotLabelled"));
      // a second apply rotates the named one: any watch of it would see the new value too
      kube.apply("-f", write(dir, "v2.yaml", manifests(ns, rotated, unnamed, inData)).toString());
      client
          .resource(
              TestResources.pineconeImport(ns, "after-rotation", pinecone.hostAndPort(), "305"))
          .create();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> "Completed".equals(phase(client, ns, "after-rotation")));
      assertThat(
              client
                  .secrets()
                  .inNamespace(ns)
                  .withName("db-creds")
                  .get()
                  .getMetadata()
                  .getAnnotations())
          .as("kubectl apply wrote the manifest, values and all, into an annotation")
          .containsKey("kubectl.kubernetes.io/last-applied-configuration");

      String heap = latin1(operator.heapDump(dir.resolve("operator.hprof")));
      assertThat(found(heap, TestResources.API_KEY))
          .as("the labelled Secret's key, which an import uses, is found: the search works")
          .isTrue();
      for (String value : List.of(named, unnamed, rotated, inData)) {
        assertThat(found(heap, value)).as("%s in the operator's heap", value).isFalse();
        assertThat(
                found(
                    heap,
                    Base64.getEncoder()
                        .encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
            .as("%s, base64, in the operator's heap", value)
            .isFalse();
      }
      java.nio.file.Files.deleteIfExists(dir.resolve("operator.hprof"));
    }
  }

  private static String manifests(String ns, String password, String other, String inData) {
    return """
    apiVersion: v1
    kind: Secret
    metadata:
      name: pinecone
      namespace: %1$s
      labels:
        pinecone.io/api-key: "true"
    stringData:
      apiKey: %2$s
    ---
    apiVersion: v1
    kind: Secret
    metadata:
      name: db-creds
      namespace: %1$s
    stringData:
      password: %3$s
    ---
    apiVersion: v1
    kind: Secret
    metadata:
      name: unrelated
      namespace: %1$s
    stringData:
      value: %4$s
    ---
    apiVersion: v1
    kind: Secret
    metadata:
      name: tls-ish
      namespace: %1$s
    data:
      token: %5$s
    """
        .formatted(
            ns,
            TestResources.API_KEY,
            password,
            other,
            Base64.getEncoder()
                .encodeToString(inData.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static java.nio.file.Path write(java.nio.file.Path dir, String file, String text)
      throws java.io.IOException {
    return java.nio.file.Files.writeString(dir.resolve(file), text);
  }

  /** The dump's bytes one char each, so String.indexOf searches raw bytes. */
  private static String latin1(java.nio.file.Path dump) throws java.io.IOException {
    return new String(
        java.nio.file.Files.readAllBytes(dump), java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** In any encoding a JVM keeps text in: Latin-1/UTF-8 bytes, or UTF-16 either way round. */
  private static boolean found(String heap, String value) {
    for (var charset :
        List.of(
            java.nio.charset.StandardCharsets.UTF_8,
            java.nio.charset.StandardCharsets.UTF_16LE,
            java.nio.charset.StandardCharsets.UTF_16BE)) {
      String needle =
          new String(value.getBytes(charset), java.nio.charset.StandardCharsets.ISO_8859_1);
      if (heap.contains(needle)) {
        return true;
      }
    }
    return false;
  }

  private static String reason(KubernetesClient client, String ns, String name) {
    var cr = TestResources.get(client, ns, name);
    if (cr == null || cr.getStatus() == null || cr.getStatus().getConditions() == null) {
      return "";
    }
    return cr.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Stalled") && "True".equals(c.getStatus()))
        .map(c -> c.getReason())
        .findFirst()
        .orElse("");
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

  /** The operator in a JVM of its own (so its heap is measured alone), watching one namespace. */
  private static OperatorJvm operatorJvm(
      String name, RealKube kube, FakePineconeServer pinecone, String namespace) throws Exception {
    return OperatorJvm.start(
        name,
        Map.of(
            "KUBECONFIG",
            kube.kubeconfig().toString(),
            OperatorConfig.WATCH_NAMESPACES,
            namespace,
            OperatorConfig.ALLOWED_HOSTS,
            pinecone.allowedHostEntry(),
            OperatorConfig.HEALTH_PORT,
            "0",
            "LOG_LEVEL",
            "INFO"));
  }
}
