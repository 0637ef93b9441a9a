package io.github.pineconeimport.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.fake.FakeKubernetes;
import io.github.pineconeimport.fake.ManualClock;
import io.github.pineconeimport.status.ImportEvent;
import io.github.pineconeimport.status.Reason;
import io.github.pineconeimport.testing.LogCapture;
import io.github.pineconeimport.testing.TestResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImportEventRecorderTest {

  FakeKubernetes kube;
  KubernetesClient client;
  final ManualClock clock = new ManualClock(Instant.parse("2026-02-02T10:00:00Z"));
  PineconeImport resource;

  @BeforeEach
  void start() {
    kube = FakeKubernetes.start();
    client = kube.client();
    resource =
        client
            .resource(TestResources.pineconeImport("products", "idx.pinecone.io", "101"))
            .create();
  }

  @AfterEach
  void stop() {
    kube.close();
  }

  @Test
  void writesAnEventThatKubectlDescribeShows() {
    List<ImportEvent> heard = new ArrayList<>();
    var recorder = new ImportEventRecorder(client, clock, "pod-1");
    recorder.addListener((r, e) -> heard.add(e));
    recorder.record(
        resource,
        new ImportEvent(
            ImportEvent.Type.Normal,
            Reason.ImportCompleted,
            "Import completed, 5 records imported"));

    var events = TestResources.eventsFor(client, "products");
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Normal");
              assertThat(e.getReason()).isEqualTo("ImportCompleted");
              assertThat(e.getMessage()).isEqualTo("Import completed, 5 records imported");
              assertThat(e.getCount()).isEqualTo(1);
              assertThat(e.getInvolvedObject().getKind()).isEqualTo("PineconeImport");
              assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("pinecone.io/v1alpha1");
              assertThat(e.getInvolvedObject().getUid()).isEqualTo(resource.getMetadata().getUid());
              assertThat(e.getSource().getComponent()).isEqualTo("pinecone-import-operator");
              assertThat(e.getReportingInstance()).isEqualTo("pod-1");
              assertThat(e.getFirstTimestamp()).isEqualTo("2026-02-02T10:00:00Z");
            });
    assertThat(heard).hasSize(1);
  }

  @Test
  void raisingTheSameEventAgainBumpsTheCountInsteadOfDuplicating() {
    var recorder = new ImportEventRecorder(client, clock, "pod-1");
    var event = new ImportEvent(ImportEvent.Type.Warning, Reason.ImportFailed, "Import failed: x");
    recorder.record(resource, event);
    clock.advance(Duration.ofMinutes(1));
    recorder.record(resource, event);

    assertThat(TestResources.eventsFor(client, "products"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getCount()).isEqualTo(2);
              assertThat(e.getLastTimestamp()).isEqualTo("2026-02-02T10:01:00Z");
            });
  }

  @Test
  void differentProblemsAreDifferentEventsAndLongMessagesAreCut() {
    var recorder = new ImportEventRecorder(client, clock, null);
    recorder.record(
        resource, new ImportEvent(ImportEvent.Type.Warning, Reason.SecretNotFound, "a"));
    recorder.record(
        resource, new ImportEvent(ImportEvent.Type.Warning, Reason.SecretNotFound, "b"));
    recorder.record(
        resource, new ImportEvent(ImportEvent.Type.Warning, Reason.Unauthorized, "y".repeat(5000)));
    var events = TestResources.eventsFor(client, "products");
    assertThat(events).hasSize(3);
    assertThat(events)
        .allSatisfy(e -> assertThat(e.getMessage().length()).isLessThanOrEqualTo(1024));
  }

  @Test
  void aFailedEventWriteIsTriedAgainAndTheEventArrives() {
    try (var faulty = FaultyEvents.start()) {
      var recorder = new ImportEventRecorder(faulty.client, clock, "pod-1");
      PineconeImport onFaulty = faulty.client.resource(resource).create();
      faulty.failNext("POST", 409);
      recorder.record(
          onFaulty, new ImportEvent(ImportEvent.Type.Normal, Reason.ImportCompleted, "done"));

      assertThat(TestResources.eventsFor(faulty.client, "products"))
          .singleElement()
          .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
    }
  }

  @Test
  void anEventThatKeepsFailingIsDroppedAfterBoundedTriesAndTheDropIsLogged() {
    try (var faulty = FaultyEvents.start();
        var logs = new LogCapture()) {
      var recorder = new ImportEventRecorder(faulty.client, clock, "pod-1");
      PineconeImport onFaulty = faulty.client.resource(resource).create();
      for (int i = 0; i < 10; i++) {
        faulty.failNext("POST", 409);
      }
      recorder.record(
          onFaulty,
          new ImportEvent(
              ImportEvent.Type.Warning, Reason.ImportFailed, "Import failed: bad file"));

      assertThat(TestResources.eventsFor(faulty.client, "products")).isEmpty();
      assertThat(faulty.failed()).as("bounded tries").isEqualTo(ImportEventRecorder.MAX_ATTEMPTS);
      assertThat(logs.lines())
          .anySatisfy(
              l ->
                  assertThat(l)
                      .contains("Dropped event")
                      .contains("ImportFailed")
                      .contains("Import failed: bad file"));
    }
  }

  @Test
  void aConflictOnTheCountBumpRereadsAndBumpsAgain() {
    try (var faulty = FaultyEvents.start()) {
      var recorder = new ImportEventRecorder(faulty.client, clock, "pod-1");
      PineconeImport onFaulty = faulty.client.resource(resource).create();
      var event = new ImportEvent(ImportEvent.Type.Warning, Reason.Unauthorized, "key rejected");
      recorder.record(onFaulty, event);
      faulty.failNext("PUT", 409);
      recorder.record(onFaulty, event);

      assertThat(TestResources.eventsFor(faulty.client, "products"))
          .singleElement()
          .satisfies(e -> assertThat(e.getCount()).isEqualTo(2));
    }
  }

  @Test
  void namesAreValidEvenForLongResourceNames() {
    String name = ImportEventRecorder.eventName("n".repeat(253), "uid", "R", "m");
    assertThat(name.length()).isLessThanOrEqualTo(253);
    assertThat(name).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  }
}
