package io.github.pineconeimport;

import static io.github.pineconeimport.PineconeImportOperatorTest.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.ManualClock;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.testing.RealKube;
import io.github.pineconeimport.testing.TestResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator on a real API server, where the server decides: finalizers hold a deletion until the
 * operator lets go, and a namespace-style deletion (Secret and import at once) never hangs.
 */
class RealServerLifecycleIT {

  static final String URI = "s3://demo-bucket/real/";

  final RealKube kube = RealKube.get();
  final String ns = kube.newNamespace("lifecycle");
  final ManualClock pineconeClock = new ManualClock(Instant.now());
  FakePineconeServer pinecone;
  KubernetesClient client;
  PineconeImportOperator operator;

  @BeforeEach
  void start() throws Exception {
    pinecone = FakePineconeServer.start(0, TestResources.API_KEY, pineconeClock);
    pinecone.startScript(PineconeImportOperatorTest.SCRIPT);
    var env = new HashMap<>(StartExactlyOnceIT.FAST);
    env.put(OperatorConfig.WATCH_NAMESPACES, ns);
    env.put(OperatorConfig.ALLOWED_HOSTS, pinecone.allowedHostEntry());
    env.put(OperatorConfig.HEALTH_PORT, "0");
    env.put(OperatorConfig.DELETION_TIMEOUT, "3s");
    client = kube.newClient(c -> {});
    var secret = TestResources.apiKeySecret(TestResources.SECRET, "apiKey", TestResources.API_KEY);
    secret.getMetadata().setNamespace(ns);
    kube.client().resource(secret).create();
    operator =
        PineconeImportOperator.start(
            client, OperatorConfig.fromEnv(env), Clock.systemUTC(), new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() {
    operator.close();
    client.close();
    pinecone.close();
  }

  private PineconeImport create(PineconeImport cr) {
    cr.getMetadata().setNamespace(ns);
    return kube.client().resource(cr).create();
  }

  private PineconeImport get(String name) {
    return kube.client().resources(PineconeImport.class).inNamespace(ns).withName(name).get();
  }

  private void awaitGone(String name) {
    await().atMost(Duration.ofSeconds(30)).until(() -> get(name) == null);
  }

  private long deletes(String id) {
    return pinecone.requestsFor(id).stream().filter(r -> r.method().equals("DELETE")).count();
  }

  private List<Event> events(String name) {
    return kube.client().v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private String startAndAwaitFinalizer(String name) {
    create(TestResources.startingImport(name, pinecone.hostAndPort(), URI + name + "/"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                get(name).getStatus() != null
                    && get(name).getStatus().getImportId() != null
                    && get(name).getStatus().getPhase() != null
                    && get(name).hasFinalizer(Cleanup.FINALIZER));
    return get(name).getStatus().getImportId();
  }

  @Test
  void theFinalizerHoldsTheDeletionUntilTheImportIsCancelled() {
    String id = startAndAwaitFinalizer("held");
    assertThat(pinecone.postCount(URI + "held/")).isEqualTo(1);

    kube.client().resource(get("held")).delete();
    awaitGone("held");
    assertThat(deletes(id)).isEqualTo(1);
    assertThat(pinecone.currentStatus(id)).contains("Cancelled");
  }

  @Test
  void aMirrorCarriesNoFinalizerAndGoesAtOnce() {
    pinecone.seed("401", PineconeImportOperatorTest.SCRIPT);
    create(TestResources.pineconeImport("mirror", pinecone.hostAndPort(), "401"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                get("mirror").getStatus() != null
                    && "401".equals(get("mirror").getStatus().getImportId()));
    sleep(500);
    assertThat(get("mirror").getMetadata().getFinalizers()).isNullOrEmpty();
    kube.client().resource(get("mirror")).delete();
    awaitGone("mirror");
    assertThat(deletes("401")).isZero();
  }

  @Test
  void deletingTheSecretAndTheImportTogetherAsANamespaceDeletionNeverHangs() {
    String id = startAndAwaitFinalizer("together");
    Instant deleted = Instant.now();
    kube.client().secrets().inNamespace(ns).withName(TestResources.SECRET).delete();
    kube.client().resource(get("together")).delete();

    awaitGone("together");
    assertThat(Duration.between(deleted, Instant.now())).isLessThan(Duration.ofSeconds(20));
    // the key the import last used still cancels it after its Secret is gone
    assertThat(deletes(id)).isEqualTo(1);
    assertThat(pinecone.currentStatus(id)).contains("Cancelled");
    assertThat(events("together"))
        .noneSatisfy(e -> assertThat(e.getReason()).isEqualTo("ImportNotCancelled"));
  }
}
