package io.github.pineconeimport.pinecone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.events.ImportEventRecorder;
import io.github.pineconeimport.fake.FakeKubernetes;
import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.Fault;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.fake.ManualClock;
import io.github.pineconeimport.status.ImportStatusMapper;
import io.github.pineconeimport.status.Observation;
import io.github.pineconeimport.status.Problems;
import io.github.pineconeimport.status.Transition;
import io.github.pineconeimport.testing.TestResources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Text from Pinecone is cut in several places (its error text at 500 characters, condition messages
 * and status.error at 2048, event messages at 1024). A key that straddles a cut must not survive as
 * a fragment: the key is placed across every cut point, at every offset, and each text a user or a
 * log can see is searched for any 8 characters of it.
 */
class KeyRedactionTest {

  static final String KEY = "pcsk_fake-4vQ9Zx7Lm2Rt8Wp3Ks6Yd1Hf5Jn0Bc_long_e"; // not a real key
  static final int FRAGMENT = 8;

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  FakePineconeServer fake;
  FakeKubernetes kube;
  PineconeClient client;
  ImportEventRecorder recorder;
  PineconeImport resource;

  @BeforeEach
  void start() throws Exception {
    fake = FakePineconeServer.start(0, KEY, clock);
    fake.seed("101", ImportScript.quick());
    client = new PineconeClient(PineconeClient.Settings.defaults(), clock, (o, c, l) -> {});
    kube = FakeKubernetes.start();
    recorder = new ImportEventRecorder(kube.client(), clock, "pod-1");
    resource =
        kube.client()
            .resource(TestResources.pineconeImport("products", "idx.pinecone.io", "101"))
            .create();
  }

  @AfterEach
  void stop() {
    fake.close();
    kube.close();
  }

  @Test
  void anErrorAnswerCutAt500KeepsNoPartOfTheKey() {
    for (int start : around(500)) {
      String text = "x".repeat(start) + KEY + " and more text after the key";
      fake.fault(
          "101",
          new Fault.Respond(
              400, "{\"code\":3,\"message\":\"" + text + "\"}", "application/json", null));
      var e = catchThrowableOfType(PineconeApiException.class, () -> describe());
      var status =
          ImportStatusMapper.map(
              null,
              1L,
              "101",
              Problems.fromApi(e, "101", "idx.pinecone.io", "pinecone"),
              clock.instant());
      List<String> seen = new ArrayList<>(List.of(e.getMessage(), e.pineconeMessage().orElse("")));
      seen.addAll(visible(status));
      assertNoFragmentOfTheKey(start, seen);
    }
    assertNoFragmentOfTheKey(-1, eventMessages());
  }

  @Test
  void aFailedImportsErrorCutForStatusAndEventsKeepsNoPartOfTheKey() throws Exception {
    List<Integer> starts = new ArrayList<>(around(1024));
    starts.addAll(around(2048));
    for (int start : starts) {
      String text = "y".repeat(start) + KEY + " was rejected by the bucket";
      fake.fault(
          "101",
          new Fault.Respond(
              200,
              "{\"id\":\"101\",\"status\":\"Failed\",\"error\":\"" + text + "\"}",
              "application/json",
              null));
      BulkImport imp = describe();
      var status =
          ImportStatusMapper.map(null, 1L, "101", new Observation.Described(imp), clock.instant());
      assertNoFragmentOfTheKey(start, visible(status));
    }
    assertNoFragmentOfTheKey(-1, eventMessages());
  }

  private BulkImport describe() throws PineconeApiException {
    return client.describe(
        new IndexEndpoint("http", "127.0.0.1", fake.port()), "101", new ApiKey(KEY), "2025-01");
  }

  /** Key start offsets such that the key ends just before, straddles, or starts at the cut. */
  static List<Integer> around(int cut) {
    List<Integer> starts = new ArrayList<>();
    for (int start = cut - KEY.length() - 40; start <= cut + 2; start++) {
      starts.add(start);
    }
    return starts;
  }

  /** Status text and the events the transition raises, as the recorder writes them. */
  private List<String> visible(PineconeImportStatus status) {
    List<String> out = new ArrayList<>();
    out.add(String.valueOf(status.getError()));
    status.getConditions().stream().map(Condition::getMessage).forEach(out::add);
    Transition.events(null, status).forEach(event -> recorder.record(resource, event));
    return out;
  }

  private List<String> eventMessages() {
    List<Event> events = TestResources.eventsFor(kube.client(), "products");
    assertThat(events).isNotEmpty();
    return events.stream().map(Event::getMessage).toList();
  }

  static void assertNoFragmentOfTheKey(int start, List<String> texts) {
    for (String text : texts) {
      for (int i = 0; i + FRAGMENT <= KEY.length(); i++) {
        assertThat(text)
            .as("key at offset %d", start)
            .doesNotContain(KEY.substring(i, i + FRAGMENT));
      }
    }
  }
}
