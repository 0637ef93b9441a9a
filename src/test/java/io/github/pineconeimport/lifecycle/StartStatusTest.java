package io.github.pineconeimport.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.status.Conditions;
import io.github.pineconeimport.status.ImportEvent;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Reason;
import io.github.pineconeimport.status.Transition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The status of each step of a start, and the one event each transition raises. */
class StartStatusTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final String URI = "s3://bucket/products/";

  static String reason(PineconeImportStatus s, String type) {
    return Conditions.find(s.getConditions(), type).orElseThrow().getReason();
  }

  @Test
  void startingThenStartedRaisesImportStartedOnce() {
    var starting = StartStatus.starting(null, StartStatus.intent(URI, 1, T0), 1L, T0);
    assertThat(starting.getStart().getUri()).isEqualTo(URI);
    assertThat(starting.getImportId()).isNull();
    assertThat(reason(starting, Conditions.RECONCILING)).isEqualTo("ImportStarting");
    assertThat(Conditions.isTrue(starting.getConditions(), Conditions.RECONCILING)).isTrue();
    assertThat(Transition.events(null, starting)).isEmpty();

    var started = StartStatus.started(starting, "101", 1L, T0);
    assertThat(started.getImportId()).isEqualTo("101");
    assertThat(started.getStart()).isEqualTo(starting.getStart());
    assertThat(Transition.events(starting, started))
        .singleElement()
        .isEqualTo(
            new ImportEvent(
                ImportEvent.Type.Normal, Reason.ImportStarted, "Started import 101 from " + URI));
    assertThat(Transition.events(started, started.copy())).isEmpty();
  }

  @Test
  void aMirrorNeverRaisesImportStarted() {
    var mirror = new PineconeImportStatus();
    mirror.setImportId("7");
    assertThat(Transition.events(null, mirror)).isEmpty();
  }

  @Test
  void aRefusalDropsTheIntentStallsAndWarnsOnce() {
    var starting = StartStatus.starting(null, StartStatus.intent(URI, 1, T0), 3L, T0);
    var refused =
        StartStatus.notStarted(
            starting, new Problem(Reason.StartRefused, "Pinecone refused: bad uri"), 3L, T0);
    assertThat(refused.getStart()).isNull();
    assertThat(reason(refused, Conditions.STALLED)).isEqualTo("StartRefused");
    assertThat(StartPlan.refusedFor(refused, 3L)).isTrue();
    assertThat(StartPlan.refusedFor(refused, 4L)).isFalse();
    assertThat(Transition.events(starting, refused))
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(ImportEvent.Type.Warning));
    assertThat(Transition.events(refused, refused.copy())).isEmpty();
  }

  @Test
  void anUnconfirmedStartKeepsTheIntentAndKeepsReconciling() {
    var starting = StartStatus.starting(null, StartStatus.intent(URI, 1, T0), 1L, T0);
    var unconfirmed =
        StartStatus.unconfirmed(
            starting, new Problem(Reason.StartUnconfirmed, "may have reached Pinecone"), 1L, T0);
    assertThat(unconfirmed.getStart()).isEqualTo(starting.getStart());
    assertThat(reason(unconfirmed, Conditions.RECONCILING)).isEqualTo("StartUnconfirmed");
    assertThat(Conditions.isTrue(unconfirmed.getConditions(), Conditions.STALLED)).isFalse();
    assertThat(Transition.events(starting, unconfirmed)).isEmpty();
  }

  @Test
  void cancelledBeforeTheStartEndsCancelledWithOneEvent() {
    var cancelled = StartStatus.cancelledBeforeStart(null, 2L, T0);
    assertThat(cancelled.getPhase()).isEqualTo("Cancelled");
    assertThat(reason(cancelled, Conditions.STALLED)).isEqualTo("ImportCancelled");
    assertThat(Transition.events(null, cancelled))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.ImportCancelled);
              assertThat(e.message()).contains("before it started");
            });
  }

  @org.junit.jupiter.params.ParameterizedTest(
      name = "refused {0} at generation 1, asked {1} at generation {2}: no new start {3}")
  @org.junit.jupiter.params.provider.CsvSource({
    "2025-01, 2025-01, 1, true",
    "2025-01, 2026-04, 1, false", // the operator's version changed: try it
    "2025-01, 2025-01, 2, false", // the spec changed: try again
  })
  void aStartRefusedForItsVersionIsNotSentAgainAtThatVersion(
      String refused, String asked, long generation, boolean held) {
    var starting = StartStatus.starting(null, StartStatus.intent(URI, 1, T0), 1L, T0);
    var stalled =
        StartStatus.notStarted(
            starting,
            new Problem(Reason.ApiVersionUnsupported, "Pinecone does not accept API version"),
            1L,
            T0);
    stalled.setPineconeApiVersion(refused);
    assertThat(StartStatus.versionRefusedFor(stalled, generation, asked)).isEqualTo(held);
  }

  @Test
  void otherStallsAndAStatusWithoutTheVersionHoldNothingBack() {
    var starting = StartStatus.starting(null, StartStatus.intent(URI, 1, T0), 1L, T0);
    var unauthorized =
        StartStatus.notStarted(starting, new Problem(Reason.Unauthorized, "401"), 1L, T0);
    unauthorized.setPineconeApiVersion("2025-01");
    assertThat(StartStatus.versionRefusedFor(unauthorized, 1L, "2025-01")).isFalse();
    var unrecorded =
        StartStatus.notStarted(
            starting, new Problem(Reason.ApiVersionUnsupported, "refused"), 1L, T0);
    assertThat(StartStatus.versionRefusedFor(unrecorded, 1L, "2025-01")).isFalse();
    assertThat(StartStatus.versionRefusedFor(null, 1L, "2025-01")).isFalse();
  }
}
