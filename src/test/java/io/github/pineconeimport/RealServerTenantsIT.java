package io.github.pineconeimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.Fault;
import io.github.pineconeimport.testing.RealKube;
import io.github.pineconeimport.testing.RealOperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two tenants of one operator on a real API server: what one writes in its own namespace cannot
 * steer the other's start.
 */
class RealServerTenantsIT {

  static final String URI = "s3://tenant-a/products/";

  RealOperatorHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  /**
   * Tenant A's start loses its answer, so A must find its import in Pinecone's list. Tenant B, in
   * another namespace, names that import by spec.importId (and follows it, so B's status holds the
   * ID too). A still adopts it: Pinecone gets one start, not two.
   */
  @Test
  void anotherNamespaceNamingTheImportCannotCauseASecondStart() throws Exception {
    var kube = RealKube.get();
    String a = kube.newNamespace("tenant-a");
    String b = kube.newNamespace("tenant-b");
    Map<String, String> env = new HashMap<>(StartExactlyOnceIT.FAST);
    env.put(OperatorConfig.WATCH_NAMESPACES, a + "," + b);
    h =
        RealOperatorHarness.start(
            kube,
            a,
            env,
            () -> kube.newClient(c -> c.setUserAgent(RealOperatorHarness.OPERATOR_AGENT)));
    h.pineconeClock.followRealTime(Clock.systemUTC());
    h.pinecone.startScript(PineconeImportOperatorTest.SCRIPT);
    h.pinecone.faultStarts(Fault.dropAfterCreate());
    h.createSecret(TestResources.API_KEY);
    h.createStarting("products", URI);
    await().atMost(Duration.ofSeconds(20)).until(() -> h.pinecone.importsWithUri(URI).size() == 1);
    String id = h.pinecone.importsWithUri(URI).get(0).id();

    h.client
        .resource(
            TestResources.apiKeySecret(b, TestResources.SECRET, "apiKey", TestResources.API_KEY))
        .create();
    h.client
        .resource(TestResources.pineconeImport(b, "follows-a", h.pinecone.hostAndPort(), id))
        .create();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                h.get("products").getStatus().getImportId() != null
                    && id.equals(
                        TestResources.get(h.client, b, "follows-a").getStatus().getImportId()));
    Thread.sleep(1500); // a second start would come right behind
    assertThat(h.pinecone.postCount(URI)).as("starts in Pinecone").isEqualTo(1);
    assertThat(h.get("products").getStatus().getImportId()).isEqualTo(id);
    assertThat(h.pinecone.importsWithUri(URI)).hasSize(1);
    assertThat(h.get("products").getStatus().getStart().getAttempt()).isEqualTo(1);
  }
}
