package io.github.pineconeimport.pinecone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.github.pineconeimport.fake.Fault;
import io.github.pineconeimport.fake.ImportScript;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client against the fake Pinecone (and, for redirects, a bare HTTP server). */
class PineconeClientTest extends AgainstFakePinecone {

  static final String KEY = "pcsk_client_test_key_0123456789abcdef";
  final List<Integer> seenCodes = new ArrayList<>();

  @Override
  String key() {
    return KEY;
  }

  @Override
  void heard(String operation, int statusCode) {
    seenCodes.add(statusCode);
  }

  @BeforeEach
  void seed() {
    fake.seed("101", ImportScript.quick());
  }

  BulkImport describe(String id) throws PineconeApiException {
    return client.describe(endpoint, id, new ApiKey(KEY), "2025-01");
  }

  @Test
  void describesAnImportAndSendsKeyAndVersion() throws Exception {
    clock.advance(Duration.ofSeconds(3));
    BulkImport imp = describe("101");
    assertThat(imp.id()).isEqualTo("101");
    assertThat(imp.status()).isEqualTo("InProgress");
    assertThat(imp.percentComplete()).isEqualTo(66.7);
    assertThat(imp.recordsImported()).isEqualTo(666_666L);
    assertThat(imp.finishedAt()).isNull();
    assertThat(fake.requests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.apiKeyAccepted()).isTrue();
              assertThat(r.apiVersion()).isEqualTo("2025-01");
            });
    assertThat(seenCodes).containsExactly(200);
  }

  @Test
  void readsSnakeCase() throws Exception {
    fake.useSnakeCase(true);
    clock.advance(Duration.ofSeconds(10));
    BulkImport imp = describe("101");
    assertThat(imp.status()).isEqualTo("Completed");
    assertThat(imp.percentComplete()).isEqualTo(100.0);
    assertThat(imp.createdAt()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(imp.finishedAt()).isEqualTo("2026-01-01T00:00:05Z");
  }

  @Test
  void readsValidationResultAtAnOldVersionInBothSpellingsAndInLists() throws Exception {
    fake.seed("102", ImportScript.quick().withValidation(999_990, 10));
    clock.advance(Duration.ofSeconds(10));
    var expected = new BulkImport.ValidationResult(999_990L, 10L);
    assertThat(describe("102").validationResult()).isEqualTo(expected); // at 2025-01
    assertThat(describe("101").validationResult()).isNull();
    assertThat(client.listAll(endpoint, new ApiKey(KEY), "2025-10"))
        .filteredOn(i -> i.id().equals("102"))
        .singleElement()
        .satisfies(i -> assertThat(i.validationResult()).isEqualTo(expected));
    fake.useSnakeCase(true); // validation_result {import_successes, import_errors}
    fake.fault(
        "102",
        new io.github.pineconeimport.fake.Fault.Respond(
            200,
            "{\"id\":\"102\",\"status\":\"Completed\",\"validation_result\":"
                + "{\"import_successes\":5,\"import_errors\":2,\"later\":true}}",
            "application/json",
            null));
    assertThat(describe("102").validationResult())
        .isEqualTo(new BulkImport.ValidationResult(5L, 2L));
  }

  @ParameterizedTest(name = "{0} {2} -> transient={3}, text ''{4}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "401 | text/plain       | Unauthorized                                                   |"
            + " false | Unauthorized",
        "403 | application/json | {\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"Key not valid"
            + " for project\"},\"status\":403} | false | Key not valid for project",
        "404 | application/json | {\"code\":5,\"message\":\"Import 9 not found\",\"details\":[]}  "
            + " | false | Import 9 not found",
        "400 | application/json | {\"code\":3,\"message\":\"bad id\"}                             |"
            + " false | bad id",
        "500 | application/json | {\"code\":13,\"message\":\"internal\"}                          |"
            + " true  | internal",
        "503 | text/html        | <html><body>Service Unavailable</body></html>                  |"
            + " true  | Service Unavailable",
        "408 | text/plain       | timeout                                                        |"
            + " true  | timeout",
      })
  void parsesAllThreeErrorShapes(
      int code, String type, String body, boolean transientError, String text) {
    fake.fault("101", new Fault.Respond(code, body, type, null));
    var e = catchThrowableOfType(PineconeApiException.class, () -> describe("101"));
    assertThat(e.kind()).isEqualTo(PineconeApiException.Kind.HTTP_STATUS);
    assertThat(e.statusCode()).isEqualTo(code);
    assertThat(e.isTransient()).isEqualTo(transientError);
    assertThat(e.pineconeMessage().orElseThrow()).contains(text);
    assertThat(e.getMessage()).contains("HTTP " + code);
  }

  @Test
  void carriesRetryAfterInSecondsAndAsADate() {
    fake.fault(
        "101",
        Fault.tooManyRequests(7),
        new Fault.Respond(503, "", "text/plain", "Thu, 01 Jan 2026 00:00:42 GMT"));
    var first = catchThrowableOfType(PineconeApiException.class, () -> describe("101"));
    assertThat(first.retryAfter()).contains(Duration.ofSeconds(7));
    var second = catchThrowableOfType(PineconeApiException.class, () -> describe("101"));
    assertThat(second.retryAfter()).contains(Duration.ofSeconds(42));
  }

  @Test
  void aWrongKeyIsNeverEchoedEvenWhenTheServerRepeatsIt() {
    fake.fault(
        "101",
        new Fault.Respond(
            400, "{\"message\":\"key " + KEY + " is malformed\"}", "application/json", null));
    var e = catchThrowableOfType(PineconeApiException.class, () -> describe("101"));
    assertThat(e.getMessage()).doesNotContain(KEY).contains("[REDACTED]");
    assertThat(String.valueOf(new ApiKey(KEY))).doesNotContain(KEY);
  }

  @Test
  void timesOutOnASlowAnswer() {
    fake.fault("101", new Fault.Slow(Duration.ofSeconds(3)));
    var e = catchThrowableOfType(PineconeApiException.class, () -> describe("101"));
    assertThat(e.kind()).isEqualTo(PineconeApiException.Kind.TIMEOUT);
    assertThat(e.isTransient()).isTrue();
  }

  @Test
  void treatsADroppedConnectionAsTransient() {
    // the JDK client retries an idempotent GET once on a dropped connection, so drop twice
    fake.fault("101", new Fault.Drop(), new Fault.Drop());
    var e = catchThrowableOfType(PineconeApiException.class, () -> describe("101"));
    assertThat(e.kind()).isEqualTo(PineconeApiException.Kind.CONNECTION);
    assertThat(e.isTransient()).isTrue();
  }

  @Test
  void treatsAnUnreachableHostAsTransient() {
    var nowhere = new IndexEndpoint("http", "127.0.0.1", 1);
    var e =
        catchThrowableOfType(
            PineconeApiException.class,
            () -> client.describe(nowhere, "1", new ApiKey(KEY), "2025-01"));
    assertThat(e.kind()).isEqualTo(PineconeApiException.Kind.CONNECTION);
    assertThat(seenCodes).containsExactly(0);
  }

  @Test
  void rejectsAMalformedBody() {
    fake.fault("101", new Fault.Malformed());
    var e = catchThrowableOfType(PineconeApiException.class, () -> describe("101"));
    assertThat(e.kind()).isEqualTo(PineconeApiException.Kind.MALFORMED_RESPONSE);
  }

  @Test
  void capsTheBodySize() {
    String huge = "{\"id\":\"101\",\"error\":\"" + "x".repeat(200_000) + "\"}";
    fake.fault("101", new Fault.Respond(200, huge, "application/json", null));
    var e = catchThrowableOfType(PineconeApiException.class, () -> describe("101"));
    assertThat(e.kind()).isEqualTo(PineconeApiException.Kind.MALFORMED_RESPONSE);
  }

  @Test
  void neverFollowsARedirectSoTheKeyStaysOnTheAllowedHost() throws Exception {
    var elsewhere = new AtomicInteger();
    HttpServer target =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    target.createContext(
        "/",
        ex -> {
          elsewhere.incrementAndGet();
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    target.start();
    HttpServer redirecting =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    redirecting.createContext(
        "/",
        ex -> {
          ex.getResponseHeaders()
              .add("Location", "http://127.0.0.1:" + target.getAddress().getPort() + "/steal");
          ex.sendResponseHeaders(302, -1);
          ex.close();
        });
    redirecting.start();
    try {
      var e =
          catchThrowableOfType(
              PineconeApiException.class,
              () ->
                  client.describe(
                      new IndexEndpoint("http", "127.0.0.1", redirecting.getAddress().getPort()),
                          "1",
                      new ApiKey(KEY), "2025-01"));
      assertThat(e.kind()).isEqualTo(PineconeApiException.Kind.REDIRECT);
      assertThat(e.isTransient()).isFalse();
      assertThat(elsewhere).hasValue(0);
    } finally {
      redirecting.stop(0);
      target.stop(0);
    }
  }

  @Test
  void encodesTheImportIdAsOnePathSegment() throws Exception {
    fake.seed("a/b c?d", ImportScript.quick());
    assertThat(describe("a/b c?d").id()).isEqualTo("a/b c?d");
    assertThat(fake.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.path()).isEqualTo("/bulk/imports/a%2Fb%20c%3Fd"));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {".", ".."})
  void aDotSegmentImportIdIsNeverSent(String id) {
    // resolved as a path, /bulk/imports/.. would be /bulk/: another resource than the import
    var refused = catchThrowableOfType(InvalidImportIdException.class, () -> describe(id));
    assertThat(refused.reason()).isEqualTo(InvalidImportIdException.Reason.PATH_STEP);
    assertThat(refused).hasMessageContaining("'" + id + "'");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void anEmptyOrUnsendableKeyIsRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> describeWith("  ")).isInstanceOf(IllegalArgumentException.class);
    // a line break inside cannot be a header value
    assertThatThrownBy(() -> describeWith("pcsk_ab\ncd"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(fake.requests()).isEmpty();
    assertThat(seenCodes).isEmpty();
    // surrounding whitespace (a Secret written with echo) is not part of the key
    assertThat(new ApiKey(" " + KEY + "\n").value()).isEqualTo(KEY);
  }

  private BulkImport describeWith(String key) throws PineconeApiException {
    return client.describe(endpoint, "101", new ApiKey(key), "2025-01");
  }
}
