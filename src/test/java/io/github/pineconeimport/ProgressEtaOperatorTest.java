package io.github.pineconeimport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.testing.OperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Item 7: the ETA shows while the import loads, goes at 100 %, and costs no write of its own. */
class ProgressEtaOperatorTest {

  OperatorHarness h;

  @BeforeEach
  void start() throws Exception {
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void anEstimateAfterTwoObservationsWithProgressAndNoneAt100() {
    h.pinecone.seed("101", PineconeImportOperatorTest.SCRIPT);
    h.createImport("eta", "101");
    h.awaitPhase("eta", "Pending");
    h.pineconeClock.advance(Duration.ofSeconds(10));
    var first = h.awaitStatus("eta", s -> Double.valueOf(0.0).equals(s.getPercentComplete()));
    assertThat(first.getEstimatedCompletionTime()).as("one observation: no rate yet").isNull();
    assertThat(first.getProgressObservedAt()).isNotNull();

    h.pineconeClock.advance(Duration.ofSeconds(10));
    var second = h.awaitStatus("eta", s -> Double.valueOf(33.3).equals(s.getPercentComplete()));
    assertThat(second.getEstimatedCompletionTime()).isNotNull();
    assertThat(Instant.parse(second.getEstimatedCompletionTime()))
        .isAfterOrEqualTo(Instant.parse(second.getProgressObservedAt()));
    assertThat(second.getProgressRate()).isPositive();

    h.pineconeClock.advance(Duration.ofSeconds(20));
    var indexing = h.awaitStatus("eta", s -> Double.valueOf(100.0).equals(s.getPercentComplete()));
    assertThat(indexing.getEstimatedCompletionTime()).isNull();
    assertThat(indexing.getProgressRate()).isNull();

    h.pineconeClock.advance(Duration.ofSeconds(10));
    h.awaitPhase("eta", "Completed");
    h.kube.settle();
    // Pending, 0%, 33.3%, 100% (66.7% skipped by the 20s step), Completed: the ETA rode along
    assertThat(h.kube.statusWrites("eta")).isEqualTo(h.pinecone.servedStates("101").size());
  }
}
