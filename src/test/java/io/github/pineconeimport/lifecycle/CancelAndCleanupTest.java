package io.github.pineconeimport.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.api.v1alpha1.DeletionPolicy;
import io.github.pineconeimport.api.v1alpha1.ImportSource;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.api.v1alpha1.StartIntent;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CancelAndCleanupTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void sendsOneDeleteAndAnotherOnlyWhenTheImportStillRunsLater() {
    record Row(
        String why, boolean cancel, String phase, String sentAt, Instant now, boolean send) {}
    var rows =
        List.of(
            new Row("no cancel asked", false, "InProgress", null, T0, false),
            new Row("cancel asked, running: send", true, "InProgress", null, T0, true),
            new Row(
                "already sent a moment ago: wait",
                true,
                "InProgress",
                T0.toString(),
                T0.plusSeconds(60),
                false),
            new Row(
                "sent and still running after the resend period: again",
                true,
                "Pending",
                T0.toString(),
                T0.plus(CancelPlan.RESEND_AFTER),
                true),
            new Row("already finished: nothing", true, "Completed", null, T0, false),
            new Row(
                "already cancelled: nothing",
                true,
                "Cancelled",
                T0.toString(),
                T0.plusSeconds(3600),
                false));
    for (Row r : rows) {
      assertThat(CancelPlan.sendNow(r.cancel(), r.phase(), r.sentAt(), r.now()))
          .as(r.why())
          .isEqualTo(r.send());
    }
  }

  static PineconeImportSpec spec(boolean source, DeletionPolicy policy) {
    var s = new PineconeImportSpec();
    if (source) {
      s.setSource(new ImportSource("s3://b/p/"));
    } else {
      s.setImportId("7");
    }
    s.setDeletionPolicy(policy);
    return s;
  }

  static PineconeImportStatus status(String id, StartIntent intent, String phase) {
    var s = new PineconeImportStatus();
    s.setImportId(id);
    s.setStart(intent);
    s.setPhase(phase);
    return s;
  }

  @Test
  void keepsTheFinalizerOnlyWhileDeletingWouldHaveToCancelSomething() {
    var intent = new StartIntent(T0.toString(), "s3://b/p/", 1);
    record Row(String why, PineconeImportSpec spec, PineconeImportStatus status, boolean needed) {}
    var rows =
        List.of(
            new Row("source, nothing started yet", spec(true, null), null, false),
            new Row(
                "source, a start may be in flight",
                spec(true, null),
                status(null, intent, null),
                true),
            new Row("source, running", spec(true, null), status("101", intent, "InProgress"), true),
            new Row(
                "source, finished", spec(true, null), status("101", intent, "Completed"), false),
            new Row(
                "source, a phase left from before plus a live start (cancel set back to false)",
                spec(true, null),
                status(null, intent, "Cancelled"),
                true),
            new Row(
                "source, Orphan",
                spec(true, DeletionPolicy.Orphan),
                status("101", intent, "InProgress"),
                false),
            new Row(
                "importId: Orphan by default",
                spec(false, null),
                status("7", null, "InProgress"),
                false),
            new Row(
                "importId with Cancel asked for",
                spec(false, DeletionPolicy.Cancel),
                status("7", null, "InProgress"),
                true),
            new Row(
                "cancelled before the start",
                spec(true, null),
                status(null, null, "Cancelled"),
                false));
    for (Row r : rows) {
      assertThat(Cleanup.finalizerNeeded(r.spec(), r.status())).as(r.why()).isEqualTo(r.needed());
    }
  }

  @Test
  void deletionGivesUpAtOnceOnTroubleForAPersonAndAfterTheTimeoutOtherwise() {
    Duration timeout = Duration.ofMinutes(2);
    var unavailable = new Problem(Reason.PineconeUnavailable, "5xx");
    record Row(String why, Problem problem, Instant now, boolean giveUp) {}
    var rows =
        List.of(
            new Row("the key is gone", new Problem(Reason.SecretNotFound, "gone"), T0, true),
            new Row(
                "the host is no longer allowed",
                new Problem(Reason.HostNotAllowed, "no"),
                T0,
                true),
            new Row("Pinecone answers 404", new Problem(Reason.ImportNotFound, "404"), T0, true),
            new Row(
                "Pinecone fails, within the timeout: retry",
                unavailable,
                T0.plusSeconds(119),
                false),
            new Row(
                "Pinecone fails past the timeout: give up",
                unavailable,
                T0.plusSeconds(120),
                true));
    for (Row r : rows) {
      assertThat(Cleanup.giveUp(r.problem(), T0, r.now(), timeout))
          .as(r.why())
          .isEqualTo(r.giveUp());
    }
  }
}
