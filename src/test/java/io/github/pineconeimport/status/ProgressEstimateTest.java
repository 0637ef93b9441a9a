package io.github.pineconeimport.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressEstimateTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  static PineconeImportStatus seen(String phase, Double percent, Instant at, Double rate) {
    var s = new PineconeImportStatus();
    s.setPhase(phase);
    s.setPercentComplete(percent);
    s.setProgressObservedAt(at == null ? null : at.toString());
    s.setProgressRate(rate);
    return s;
  }

  static PineconeImportStatus now(String phase, Double percent) {
    return seen(phase, percent, null, null);
  }

  @Test
  void estimatesFromTheSmoothedRateOnlyWhileLoading() {
    record Row(
        String why,
        PineconeImportStatus previous,
        PineconeImportStatus next,
        Instant at,
        String eta,
        Double rate,
        String observedAt) {}
    Instant t1 = T0.plusSeconds(3600);
    var rows =
        List.of(
            new Row(
                "first percentage: a baseline, no ETA yet",
                now("Pending", null),
                now("InProgress", 10.0),
                T0,
                null,
                null,
                T0.toString()),
            new Row(
                "second with progress: 10%/h, 80% to go = 8h",
                seen("InProgress", 10.0, T0, null),
                now("InProgress", 20.0),
                t1,
                t1.plusSeconds(8 * 3600).toString(),
                10.0,
                t1.toString()),
            new Row(
                "smoothed: a 30%/h step after 10%/h gives 20%/h, 50% to go = 2.5h",
                seen("InProgress", 20.0, T0, 10.0),
                now("InProgress", 50.0),
                t1,
                t1.plusSeconds(9000).toString(),
                20.0,
                t1.toString()),
            new Row(
                "no change in progress: everything as it was (no write of its own)",
                seen("InProgress", 20.0, T0, 10.0),
                seen("InProgress", 20.0, T0, 10.0),
                t1,
                null,
                10.0,
                T0.toString()),
            new Row(
                "100%: indexing, no rate to go by",
                seen("InProgress", 90.0, T0, 10.0), now("InProgress", 100.0), t1, null, null, null),
            new Row(
                "completed: absent",
                seen("InProgress", 90.0, T0, 10.0),
                now("Completed", 100.0),
                t1,
                null,
                null,
                null),
            new Row(
                "no percentage reported: absent",
                seen("InProgress", 50.0, T0, 10.0),
                now("InProgress", null),
                t1,
                null,
                null,
                null),
            new Row(
                "progress went backwards: a new baseline",
                seen("InProgress", 50.0, T0, 10.0),
                now("InProgress", 40.0),
                t1,
                null,
                null,
                t1.toString()));
    for (Row r : rows) {
      var out = ProgressEstimate.apply(r.previous(), r.next(), r.at());
      if (!r.why().startsWith("no change")) {
        assertThat(out.getEstimatedCompletionTime()).as(r.why()).isEqualTo(r.eta());
      }
      assertThat(out.getProgressRate()).as(r.why()).isEqualTo(r.rate());
      assertThat(out.getProgressObservedAt()).as(r.why()).isEqualTo(r.observedAt());
    }
  }

  @Test
  void anUnchangedPercentageLeavesTheStatusEqualSoNothingIsWritten() {
    var stored = seen("InProgress", 20.0, T0, 10.0);
    stored.setEstimatedCompletionTime(T0.plusSeconds(8 * 3600).toString());
    var mapped = stored.copy();
    assertThat(ProgressEstimate.apply(stored, mapped, T0.plusSeconds(600))).isEqualTo(stored);
  }
}
