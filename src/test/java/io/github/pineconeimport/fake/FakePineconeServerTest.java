package io.github.pineconeimport.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pineconeimport.pinecone.BulkImport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fake's scripted lives, faults, recording and scenarios, tested directly. */
class FakePineconeServerTest {

  static final ImportScript SCRIPT = new ImportScript(Duration.ofSeconds(10),
      Duration.ofSeconds(40), Duration.ofSeconds(20), 4, 1000, BulkImport.COMPLETED, null);

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  FakePineconeServer fake;

  @BeforeEach
  void start() throws Exception {
    fake = FakePineconeServer.start(0, null, clock);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  HttpResponse<String> get(String path, String key) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path));
    if (key != null) {
      b.header("Api-Key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest(name = "after {0}s: {1} {2}% {3} records")
  @CsvSource({
      "0,  Pending,    ,      ",
      "9,  Pending,    ,      ",
      "10, InProgress, 0.0,   0",
      "20, InProgress, 25.0,  250",
      "45, InProgress, 75.0,  750",
      "50, InProgress, 100.0, 1000",
      "69, InProgress, 100.0, 1000",
      "70, Completed,  100.0, 1000",
  })
  void scriptsMoveThroughTheirStages(int seconds, String status, Double percent, Long records) {
    var s = SCRIPT.at(Duration.ofSeconds(seconds));
    assertThat(s.status()).isEqualTo(status);
    assertThat(s.percentComplete()).isEqualTo(percent);
    assertThat(s.recordsImported()).isEqualTo(records);
  }

  @Test
  void optionalFieldsAreLeftOutWhileUnknownAndAppearWhenKnown() throws Exception {
    fake.seed("1", SCRIPT);
    assertThat(get("/bulk/imports/1", "k").body())
        .contains("\"status\":\"Pending\"").doesNotContain("percentComplete")
        .doesNotContain("finishedAt").doesNotContain("null");
    clock.advance(Duration.ofSeconds(70));
    assertThat(get("/bulk/imports/1", "k").body())
        .contains("\"status\":\"Completed\"").contains("\"finishedAt\":\"2026-01-01T00:01:10Z\"")
        .contains("\"recordsImported\":1000");
    assertThat(fake.servedStates("1")).hasSize(2);
  }

  /** Regression: the log was written after the answer, so a fast client could look too early. */
  @Test
  void aRequestIsLoggedByTheTimeItsAnswerArrives() throws Exception {
    fake.seed("1", SCRIPT);
    for (int i = 1; i <= 200; i++) {
      assertThat(get(i % 2 == 0 ? "/bulk/imports/1" : "/bulk/imports/nope", "k").statusCode())
          .isIn(200, 404);
      assertThat(fake.requests()).as("after answer %s", i).hasSize(i);
    }
  }

  @Test
  void anyNonEmptyKeyIsAcceptedWhenNoneIsSetAndNoKeyIsRefused() throws Exception {
    fake.seed("1", SCRIPT);
    assertThat(get("/bulk/imports/1", "anything").statusCode()).isEqualTo(200);
    assertThat(get("/bulk/imports/1", null).statusCode()).isEqualTo(401);
    assertThat(fake.requests()).extracting(FakePineconeServer.Request::apiKeyAccepted)
        .containsExactly(true, false);
    assertThat(fake.requests().get(0).headers()).containsEntry("Api-Key", "***");
  }

  @Test
  void faultsAreServedInOrderThenNormalAnswersResume() throws Exception {
    fake.seed("1", SCRIPT);
    fake.fault("1", Fault.status(500, "boom"), Fault.tooManyRequests(4), new Fault.Malformed());
    assertThat(get("/bulk/imports/1", "k").statusCode()).isEqualTo(500);
    var limited = get("/bulk/imports/1", "k");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("4");
    assertThat(get("/bulk/imports/1", "k").body()).startsWith("<html>");
    assertThat(get("/bulk/imports/1", "k").statusCode()).isEqualTo(200);
  }

  @Test
  void globalFaultsHitAnyRequest() throws Exception {
    fake.seed("1", SCRIPT);
    fake.faultAll(Fault.status(503, "maintenance"));
    assertThat(get("/bulk/imports?limit=5", "k").statusCode()).isEqualTo(503);
    assertThat(get("/bulk/imports?limit=5", "k").statusCode()).isEqualTo(200);
  }

  @Test
  void aSlowAnswerArrivesLate() throws Exception {
    fake.seed("1", SCRIPT);
    fake.fault("1", new Fault.Slow(Duration.ofMillis(600)));
    long start = System.nanoTime();
    assertThat(get("/bulk/imports/1", "k").statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(550));
  }

  @Test
  void cancellingAFinishedImportChangesNothing() {
    fake.seed("1", SCRIPT);
    clock.advance(Duration.ofMinutes(5));
    fake.cancel("1");
    assertThat(fake.currentStatus("1")).contains("Completed");
    fake.seed("2", SCRIPT);
    clock.advance(Duration.ofSeconds(30));
    fake.cancel("2");
    clock.advance(Duration.ofMinutes(5));
    assertThat(fake.currentStatus("2")).contains("Cancelled");
  }

  @Test
  void aScenarioFileDescribesImports(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("scenario.yaml");
    Files.writeString(file, """
        imports:
          - id: "7"
            uri: s3://b/seven/
            pending: 1s
            running: 4s
            indexing: 0s
            steps: 2
            records: 10
            outcome: Failed
            error: disk on fire
          - id: "8"
        """);
    var scenario = Scenario.read(file);
    assertThat(scenario.imports()).containsOnlyKeys("7", "8");
    scenario.seed(fake);
    clock.advance(Duration.ofSeconds(5));
    assertThat(get("/bulk/imports/7", "k").body()).contains("\"status\":\"Failed\"")
        .contains("disk on fire").contains("s3://b/seven/");
    assertThat(fake.currentStatus("8")).contains("Pending");
  }

  @Test
  void aBadScenarioFileIsRefusedWithTheFieldNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "imports:\n  - id: \"7\"\n    running: forever\n");
    assertThatThrownBy(() -> Scenario.read(file)).hasMessageContaining("running 'forever'");
  }

  @Test
  void theDemoScenarioHasTheIdsTheExamplesName() {
    assertThat(Scenario.demo(1).imports()).containsOnlyKeys("101", "102", "103", "104");
  }
}
