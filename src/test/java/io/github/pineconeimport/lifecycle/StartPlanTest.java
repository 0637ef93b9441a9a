package io.github.pineconeimport.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.api.v1alpha1.ImportSource;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.api.v1alpha1.StartIntent;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.status.Conditions;
import io.github.pineconeimport.status.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StartPlanTest {

  static final String URI = "s3://bucket/products/";
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final StartPlan PLAN =
      new StartPlan(new StartPlan.Settings(Duration.ofSeconds(30), Duration.ofSeconds(10)));

  static PineconeImportSpec source(boolean cancel) {
    var spec = new PineconeImportSpec();
    spec.setSource(new ImportSource(URI));
    spec.setCancel(cancel ? Boolean.TRUE : null);
    return spec;
  }

  static PineconeImportStatus status(String importId, StartIntent intent) {
    var s = new PineconeImportStatus();
    s.setImportId(importId);
    s.setStart(intent);
    return s;
  }

  static StartIntent intent(Instant at, int attempt) {
    return new StartIntent(at.toString(), URI, attempt);
  }

  static BulkImport imported(String id, String uri, Instant createdAt) {
    return new BulkImport(
        id,
        uri,
        "Pending",
        createdAt == null ? null : createdAt.toString(),
        null,
        null,
        null,
        null);
  }

  @Test
  void decidesFromSpecAndStatus() {
    var mirror = new PineconeImportSpec();
    mirror.setImportId("7");
    var refused = status(null, null);
    refused.setConditions(
        Conditions.set(
            null, Conditions.STALLED, true, Reason.StartRefused.name(), "bad uri", 3L, T0));

    record Row(
        String why,
        PineconeImportSpec spec,
        PineconeImportStatus status,
        long generation,
        Instant now,
        StartPlan.Step expected) {}
    var rows =
        List.of(
            new Row(
                "spec.importId: track it, never start",
                mirror,
                null,
                1,
                T0,
                new StartPlan.Track("7")),
            new Row(
                "started before: track status.importId",
                source(false),
                status("101", intent(T0, 1)),
                1,
                T0,
                new StartPlan.Track("101")),
            new Row(
                "cancel wins over an ID that is known",
                source(true),
                status("101", null),
                1,
                T0,
                new StartPlan.Track("101")),
            new Row(
                "fresh: write the intent first",
                source(false),
                null,
                1,
                T0,
                new StartPlan.WriteIntent(1)),
            new Row(
                "cancelled before the start: never start",
                source(true),
                null,
                1,
                T0,
                new StartPlan.CancelledBeforeStart()),
            new Row(
                "refused for this generation: wait for a spec change",
                source(false),
                refused,
                3,
                T0,
                new StartPlan.Refused()),
            new Row(
                "refused for an older generation: try again",
                source(false),
                refused,
                4,
                T0,
                new StartPlan.WriteIntent(1)),
            new Row(
                "intent within the in-flight window: wait",
                source(false),
                status(null, intent(T0, 1)),
                1,
                T0.plusSeconds(29),
                new StartPlan.WaitUntil(T0.plusSeconds(30))),
            new Row(
                "intent past the window: list before anything else",
                source(false),
                status(null, intent(T0, 2)),
                1,
                T0.plusSeconds(30),
                new StartPlan.ListAndAdopt(intent(T0, 2))),
            new Row(
                "intent and cancel: a start may be in flight, so list first",
                source(true),
                status(null, intent(T0, 1)),
                1,
                T0.plusSeconds(31),
                new StartPlan.ListAndAdopt(intent(T0, 1))),
            new Row(
                "unreadable intent time: list at once",
                source(false),
                status(null, new StartIntent("yesterday", URI, 1)),
                1,
                T0,
                new StartPlan.ListAndAdopt(new StartIntent("yesterday", URI, 1))));
    for (Row r : rows) {
      assertThat(PLAN.decide(r.spec(), r.status(), r.generation(), r.now()))
          .as(r.why())
          .isEqualTo(r.expected());
    }
  }

  @Test
  void adoptsOnlyAnImportThisResourceMayHaveStarted() {
    var mine = intent(T0, 1);
    record Row(
        String why,
        List<BulkImport> listed,
        Set<String> elsewhere,
        boolean cancel,
        StartPlan.Step expected) {}
    var rows =
        List.of(
            new Row(
                "the start went through: adopt it",
                List.of(imported("101", URI, T0.plusSeconds(1))),
                Set.of(),
                false,
                new StartPlan.Track("101")),
            new Row(
                "created a little before our clock said (skew): still ours",
                List.of(imported("101", URI, T0.minusSeconds(9))),
                Set.of(),
                false,
                new StartPlan.Track("101")),
            new Row(
                "created well before the intent: someone else's, start again",
                List.of(imported("100", URI, T0.minusSeconds(60))),
                Set.of(),
                false,
                new StartPlan.WriteIntent(2)),
            new Row(
                "another uri: not ours",
                List.of(imported("101", "s3://bucket/other/", T0.plusSeconds(1))),
                Set.of(),
                false,
                new StartPlan.WriteIntent(2)),
            new Row(
                "tracked by another PineconeImport: not ours",
                List.of(imported("101", URI, T0.plusSeconds(1))),
                Set.of("101"),
                false,
                new StartPlan.WriteIntent(2)),
            new Row(
                "two matches: the earliest, so every replica picks the same",
                List.of(
                    imported("105", URI, T0.plusSeconds(5)),
                    imported("103", URI, T0.plusSeconds(2))),
                Set.of(),
                false,
                new StartPlan.Track("103")),
            new Row(
                "no createdAt: adopt rather than risk a second import",
                List.of(imported("101", URI, null)),
                Set.of(),
                false,
                new StartPlan.Track("101")),
            new Row(
                "nothing started and cancel asked: never start",
                List.of(),
                Set.of(),
                true,
                new StartPlan.CancelledBeforeStart()),
            new Row(
                "something started and cancel asked: adopt it so it can be cancelled",
                List.of(imported("101", URI, T0.plusSeconds(1))),
                Set.of(),
                true,
                new StartPlan.Track("101")),
            new Row(
                "empty list: start again, next attempt",
                List.of(),
                Set.of(),
                false,
                new StartPlan.WriteIntent(2)));
    for (Row r : rows) {
      assertThat(PLAN.afterList(source(r.cancel()), mine, r.listed(), r.elsewhere()))
          .as(r.why())
          .isEqualTo(r.expected());
    }
  }

  /** Only a start this operator made, resolved to an ID, keeps others from adopting that ID. */
  @Test
  void onlyAnIdThisOperatorStartedCountsAsTrackedElsewhere() {
    var starts = new PineconeImportSpec();
    starts.setSource(new ImportSource("s3://b/p/"));
    var follows = new PineconeImportSpec();
    follows.setImportId("101");
    var intent = new StartIntent("2026-01-01T00:00:00Z", "s3://b/p/", 1);

    var started = new PineconeImportStatus();
    started.setStart(intent);
    started.setImportId("101");
    var intentOnly = new PineconeImportStatus();
    intentOnly.setStart(intent);
    var trackedOnly = new PineconeImportStatus();
    trackedOnly.setImportId("101");

    assertThat(StartPlan.startedHere(starts, started)).contains("101");
    assertThat(StartPlan.startedHere(starts, intentOnly)).as("not resolved yet").isEmpty();
    assertThat(StartPlan.startedHere(starts, null)).isEmpty();
    assertThat(StartPlan.startedHere(follows, null))
        .as("spec.importId: a tenant wrote it")
        .isEmpty();
    assertThat(StartPlan.startedHere(follows, trackedOnly))
        .as("the status of a resource that follows an ID")
        .isEmpty();
    assertThat(StartPlan.startedHere(follows, started))
        .as("a start intent on a resource that follows an ID is not a start")
        .isEmpty();
  }
}
