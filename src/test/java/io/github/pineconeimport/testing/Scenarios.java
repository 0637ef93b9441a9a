package io.github.pineconeimport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Scenarios the mock-based and the real-server tests run alike, each with its own counters. */
public final class Scenarios {

  private Scenarios() {}

  /**
   * An operator stopped mid-import and started again carries the import to Completed with one
   * event; started once more after the end, it asks Pinecone nothing, writes nothing (as {@code
   * writes} counts them) and raises no second event. The API key Secret is in place.
   */
  public static void restartMidImportThenAfterTheEnd(ImportHarness h, LongSupplier writes)
      throws InterruptedException {
    h.pinecone.seed("104", TestResources.SCRIPT);
    h.createImport("restarts", "104");
    h.pineconeClock.advance(Duration.ofSeconds(20));
    h.awaitStatus("restarts", s -> Double.valueOf(33.3).equals(s.getPercentComplete()));

    h.stopOperator();
    h.pineconeClock.advance(Duration.ofMinutes(5));
    h.startOperator();
    h.awaitPhase("restarts", "Completed");
    h.awaitEvents("restarts", 1);

    h.stopOperator();
    h.settle();
    long before = writes.getAsLong();
    int requests = h.pinecone.requestsFor("104").size();
    h.startOperator();
    Thread.sleep(3000); // time for the new instance to list, reconcile and (wrongly) act
    h.settle();
    assertThat(writes.getAsLong()).isEqualTo(before);
    assertThat(h.pinecone.requestsFor("104")).hasSize(requests);
    assertThat(h.events("restarts"))
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }
}
