package io.github.pineconeimport.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.pineconeimport.testing.OperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Watches that expire (an ERROR event with 410 Gone, three times in a row) on the embedded API
 * server, where a watch's end can be chosen: the informers list again and go on, so neither an import nor a Secret created meanwhile
 * is missed, and no import raises an event twice.
 */
class ExpiredWatchTest {

  OperatorHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void expiredWatchesRelistAndMissNothing() throws Exception {
    h = OperatorHarness.withoutOperator(Map.of());
    h.pinecone.seed("921", TestResources.SCRIPT);
    h.pinecone.seed("922", TestResources.SCRIPT);
    h.pineconeClock.advance(Duration.ofMinutes(5));
    h.createImport("before", "921");
    h.kube.expireNextWatches("pineconeimports", 3);
    h.kube.expireNextWatches("secrets", 3);
    h.startOperator();

    h.awaitStatus("before", s -> s.getConditions().stream()
        .anyMatch(c -> "SecretNotFound".equals(c.getReason())));
    await().atMost(Duration.ofSeconds(20)).until(() -> h.kube.pendingFaults() == 0);
    h.createSecret(TestResources.API_KEY);
    h.awaitPhase("before", "Completed");
    h.createImport("after", "922");
    h.awaitPhase("after", "Completed");
    assertThat(h.awaitEvents("before", 2)).extracting(e -> e.getReason() + e.getCount())
        .containsExactlyInAnyOrder("SecretNotFound1", "ImportCompleted1");
    assertThat(h.awaitEvents("after", 1)).extracting(e -> e.getReason() + e.getCount())
        .containsExactly("ImportCompleted1");
    await().atMost(Duration.ofSeconds(20)).until(() -> h.operator().isReady());
  }
}
