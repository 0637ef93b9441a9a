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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fake's scripted lives, faults, recording and scenarios, tested directly. */
class FakePineconeServerTest {

  static final ImportScript SCRIPT =
      new ImportScript(
          Duration.ofSeconds(10),
          Duration.ofSeconds(40),
          Duration.ofSeconds(20),
          4,
          1000,
          BulkImport.COMPLETED,
          null);

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
        .contains("\"status\":\"Pending\"")
        .doesNotContain("percentComplete")
        .doesNotContain("finishedAt")
        .doesNotContain("null");
    clock.advance(Duration.ofSeconds(70));
    assertThat(get("/bulk/imports/1", "k").body())
        .contains("\"status\":\"Completed\"")
        .contains("\"finishedAt\":\"2026-01-01T00:01:10Z\"")
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
    assertThat(fake.requests())
        .extracting(FakePineconeServer.Request::apiKeyAccepted)
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
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(550));
  }

  HttpResponse<String> post(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/bulk/imports"))
            .header("Api-Key", "k")
            .header("X-Pinecone-Api-Version", "2025-10")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void startedImportsGetIncreasingIdsAboveTheSeededOnesAndFollowTheStartScript() throws Exception {
    fake.seed("1001", SCRIPT).seed("abc", SCRIPT).startScript(SCRIPT.failingWith("bad file"));
    var ids = new java.util.ArrayList<Long>();
    for (int i = 0; i < 3; i++) {
      var answer = post("{\"uri\":\"s3://bucket/" + i + "/\"}");
      assertThat(answer.statusCode()).isEqualTo(200);
      ids.add(
          Long.parseLong(
              new com.fasterxml.jackson.databind.ObjectMapper()
                  .readTree(answer.body())
                  .path("id")
                  .asText()));
    }
    assertThat(ids)
        .isSorted()
        .doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(id).isGreaterThan(1001));
    fake.seed(Long.toString(ids.get(2) + 1), SCRIPT); // seeded later: still no clash
    assertThat(post("{\"uri\":\"s3://bucket/3/\"}").body()).contains(Long.toString(ids.get(2) + 2));
    clock.advance(SCRIPT.total());
    assertThat(fake.currentStatus(Long.toString(ids.get(0)))).contains(BulkImport.FAILED);
    assertThat(fake.imports()).extracting(BulkImport::id).startsWith("1001", "abc");
  }

  @Test
  void postsAreCountedPerUriWhateverCameOfThem() throws Exception {
    fake.faultStarts(Fault.status(503, "busy"), Fault.dropAfterCreate());
    assertThat(post("{\"uri\":\"s3://bucket/a/\"}").statusCode()).isEqualTo(503);
    assertThatThrownBy(() -> post("{\"uri\":\"s3://bucket/a/\"}"))
        .isInstanceOf(java.io.IOException.class);
    assertThat(post("{\"uri\":\"s3://bucket/a/\"}").statusCode()).isEqualTo(200);
    assertThat(post("not json").statusCode()).isEqualTo(400);
    assertThat(post("{\"uri\":\"s3://bucket/a/\",\"errorMode\":\"abort\"}").statusCode())
        .isEqualTo(400);
    assertThat(fake.postCount()).isEqualTo(5);
    assertThat(fake.postCount("s3://bucket/a/")).isEqualTo(4);
    assertThat(fake.importsWithUri("s3://bucket/a/")).hasSize(2);
  }

  @Test
  void anAfterCreateFaultOnAnotherRequestPlaysItsAnswerAlone() throws Exception {
    fake.seed("1", SCRIPT);
    fake.fault("1", Fault.statusAfterCreate(502, "bad gateway"));
    assertThat(get("/bulk/imports/1", "k").statusCode()).isEqualTo(502);
    assertThat(fake.imports()).hasSize(1);
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
    Scenario scenario =
        readScenario(
            dir,
            """
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
    assertThat(scenario.imports()).containsOnlyKeys("7", "8");
    scenario.seed(fake);
    clock.advance(Duration.ofSeconds(5));
    assertThat(get("/bulk/imports/7", "k").body())
        .contains("\"status\":\"Failed\"")
        .contains("disk on fire")
        .contains("s3://b/seven/");
    assertThat(fake.currentStatus("8")).contains("Pending");
  }

  @Test
  void aScenarioFileSaysHowStartedImportsBehave(@TempDir Path dir) throws Exception {
    Scenario scenario =
        readScenario(
            dir,
            """
            starts:
              pending: 1s
              running: 2s
              indexing: 0s
              outcome: Failed
              error: no parquet files
              maxRunning: 1
              integrations: [int-1]
            """);
    assertThat(scenario.imports()).isEmpty();
    scenario.seed(fake);
    assertThat(post("{\"uri\":\"s3://bkt/x/\",\"integrationId\":\"int-2\"}").statusCode())
        .isEqualTo(400);
    assertThat(post("{\"uri\":\"s3://bkt/x/\",\"integrationId\":\"int-1\"}").statusCode())
        .isEqualTo(200);
    assertThat(post("{\"uri\":\"s3://bkt/y/\"}").body()).contains("concurrent imports");
    clock.advance(Duration.ofSeconds(3));
    assertThat(fake.importsWithUri("s3://bkt/x/"))
        .singleElement()
        .satisfies(i -> assertThat(i.error()).isEqualTo("no parquet files"));
    assertThat(post("{\"uri\":\"s3://bkt/y/\"}").statusCode()).isEqualTo(200);
  }

  @Test
  void theDemoScenarioScriptsEachExampleUriAndCompletesOthers() throws Exception {
    Scenario.demo(0.1).seed(fake);
    for (String uri :
        List.of(
            "s3://demo-bucket/new/",
            Scenario.DEMO_PRODUCTS_URI,
            Scenario.DEMO_REVIEWS_URI,
            Scenario.DEMO_CLICKSTREAM_URI,
            Scenario.DEMO_SESSIONS_URI)) {
      assertThat(post("{\"uri\":\"" + uri + "\"}").statusCode()).as(uri).isEqualTo(200);
    }
    clock.advance(Duration.ofSeconds(2));
    assertThat(fake.importsWithUri("s3://demo-bucket/new/"))
        .singleElement()
        .satisfies(i -> assertThat(i.status()).isEqualTo(BulkImport.COMPLETED));
    assertThat(fake.importsWithUri(Scenario.DEMO_PRODUCTS_URI))
        .singleElement()
        .satisfies(i -> assertThat(i.status()).isEqualTo(BulkImport.COMPLETED));
    assertThat(fake.importsWithUri(Scenario.DEMO_REVIEWS_URI))
        .singleElement()
        .satisfies(i -> assertThat(i.error()).isEqualTo(Scenario.DEMO_FAILURE));
    assertThat(fake.importsWithUri(Scenario.DEMO_CLICKSTREAM_URI))
        .singleElement()
        .satisfies(i -> assertThat(i.status()).isEqualTo(BulkImport.IN_PROGRESS));
    assertThat(fake.importsWithUri(Scenario.DEMO_SESSIONS_URI))
        .singleElement()
        .satisfies(i -> assertThat(i.status()).isEqualTo(BulkImport.IN_PROGRESS));
  }

  @Test
  void aScenarioFileCanScriptStartsPerUri(@TempDir Path dir) throws Exception {
    Scenario scenario =
        readScenario(
            dir,
            """
            starts:
              running: 1s
              uris:
                s3://bkt/bad/: {pending: 0s, running: 1s, indexing: 0s, outcome: Failed, error: broken}
                s3://bkt/plain/:
            """);
    scenario.seed(fake);
    post("{\"uri\":\"s3://bkt/bad/\"}");
    post("{\"uri\":\"s3://bkt/plain/\"}");
    post("{\"uri\":\"s3://bkt/other/\"}");
    clock.advance(Duration.ofSeconds(12));
    assertThat(fake.imports())
        .extracting(BulkImport::status)
        .containsExactly(BulkImport.FAILED, BulkImport.IN_PROGRESS, BulkImport.IN_PROGRESS);
    assertThat(fake.importsWithUri("s3://bkt/bad/").get(0).error()).isEqualTo("broken");
  }

  static Scenario readScenario(Path dir, String yaml) throws Exception {
    Path file = Files.createTempFile(dir, "scenario", ".yaml");
    Files.writeString(file, yaml);
    return Scenario.read(file);
  }

  @Test
  void aBadScenarioFileIsRefusedWithTheFieldNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "imports:\n  - id: \"7\"\n    running: forever\n");
    assertThatThrownBy(() -> Scenario.read(file)).hasMessageContaining("running 'forever'");
    Files.writeString(file, "starts:\n  maxRunning: 0\n");
    assertThatThrownBy(() -> Scenario.read(file)).hasMessageContaining("maxRunning");
    Files.writeString(file, "starts:\n  limit: 3\n");
    assertThatThrownBy(() -> Scenario.read(file)).hasMessageContaining("limit");
  }

  @Test
  void theDemoScenarioHasTheIdsTheExamplesName() {
    assertThat(Scenario.demo(1).imports()).containsOnlyKeys("101", "102", "103", "104");
  }
}
