package io.github.pineconeimport.pinecone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.Fault;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.pinecone.PineconeApiException.Kind;
import io.github.pineconeimport.pinecone.StartImportRequest.ErrorMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Start, list and cancel against the fake Pinecone, with every fault a start can meet: each one
 * ends in a typed error that says whether the import may exist, and the fake shows how many POSTs
 * and imports there really were.
 */
class PineconeClientImportsTest extends AgainstFakePinecone {

  static final String KEY = "pcsk_imports_test_key_0123456789abcdef";
  static final String URI = "s3://bucket/products/2024-08/";
  final List<String> operations = new ArrayList<>();

  @Override
  String key() {
    return KEY;
  }

  @Override
  void heard(String operation, int statusCode) {
    operations.add(operation + " " + statusCode);
  }

  String start(StartImportRequest request, String version) throws PineconeApiException {
    return client.start(endpoint, request, new ApiKey(KEY), version);
  }

  String start(String uri) throws PineconeApiException {
    return start(StartImportRequest.of(uri), "2025-10");
  }

  PineconeApiException failedStart(String uri) {
    return catchThrowableOfType(PineconeApiException.class, () -> start(uri));
  }

  void assertUnknownOutcomeWithExactlyOneImport(PineconeApiException e) {
    assertThat(e.mayHaveCreated()).as("may have created").isTrue();
    assertThat(fake.postCount(URI)).as("POSTs").isEqualTo(1);
    assertThat(fake.importsWithUri(URI)).as("imports").hasSize(1);
  }

  @Test
  void startsAnImportOnceAndReturnsPineconesId() throws Exception {
    fake.seed("101", ImportScript.quick());
    String id = start(new StartImportRequest(URI, "int-1", ErrorMode.ABORT), "2025-10");
    assertThat(Long.parseLong(id)).isGreaterThan(101);
    assertThat(client.describe(endpoint, id, new ApiKey(KEY), "2025-10").uri()).isEqualTo(URI);
    assertThat(fake.postCount(URI)).isEqualTo(1);
    assertThat(fake.requests().get(0).body())
        .isEqualTo(
            "{\"uri\":\""
                + URI
                + "\",\"integrationId\":\"int-1\",\"errorMode\":{\"onError\":\"abort\"}}");
    assertThat(fake.requests().get(0).contentType()).isEqualTo("application/json");
    assertThat(operations).containsExactly("start 200", "describe 200");
  }

  @Test
  void leavesOutWhatTheUserDidNotSaySoPineconeAppliesItsDefaults() throws Exception {
    start(URI);
    start(new StartImportRequest(URI, null, ErrorMode.CONTINUE), "2025-10");
    assertThat(fake.requests())
        .extracting(FakePineconeServer.Request::body)
        .containsExactly(
            "{\"uri\":\"" + URI + "\"}",
            "{\"uri\":\"" + URI + "\",\"errorMode\":{\"onError\":\"continue\"}}");
  }

  @Test
  void aConnectionDroppedAfterTheImportWasCreatedIsAnUnknownOutcomeAndIsNotResent() {
    fake.faultStarts(Fault.dropAfterCreate());
    var e = failedStart(URI);
    assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
    // the JDK resends a GET on a dropped connection, never a POST
    assertUnknownOutcomeWithExactlyOneImport(e);
  }

  @Test
  void aServerErrorAfterTheImportWasCreatedIsAnUnknownOutcome() {
    fake.faultStarts(Fault.statusAfterCreate(503, "upstream reset"));
    var e = failedStart(URI);
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.isTransient()).isTrue();
    assertUnknownOutcomeWithExactlyOneImport(e);
  }

  @Test
  void aSlowAnswerTimesOutWithAnUnknownOutcomeWhileTheImportExists() {
    fake.faultStarts(Fault.slowAfterCreate(Duration.ofSeconds(3)));
    var e = failedStart(URI);
    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertUnknownOutcomeWithExactlyOneImport(e);
  }

  @Test
  void aTwoHundredWithoutAnIdIsMalformedAndMayHaveCreated() {
    fake.faultStarts(new Fault.Respond(200, "{}", "application/json", null), new Fault.Malformed());
    for (int i = 0; i < 2; i++) {
      var e = failedStart(URI);
      assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
      assertThat(e.mayHaveCreated()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0} before creating: refused, nothing created")
  @CsvSource({"500, true", "503, true", "429, false", "403, false"})
  void faultsBeforeCreatingLeaveNoImport(int code, boolean mayHaveCreated) {
    fake.faultStarts(code == 429 ? Fault.tooManyRequests(5) : Fault.status(code, "no"));
    var e = failedStart(URI);
    assertThat(e.statusCode()).isEqualTo(code);
    // a 5xx cannot tell the client that nothing happened, even when (as here) nothing did
    assertThat(e.mayHaveCreated()).isEqualTo(mayHaveCreated);
    assertThat(fake.importsWithUri(URI)).isEmpty();
    if (code == 429) {
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
    }
  }

  @Test
  void aBadUriIsDefinitelyNotCreatedAndCarriesPineconesMessage() {
    var e = failedStart("ftp://bucket/products/");
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.mayHaveCreated()).isFalse();
    assertThat(e.isTransient()).isFalse();
    assertThat(e.pineconeMessage()).hasValueSatisfying(m -> assertThat(m).contains("Invalid uri"));
    assertThat(fake.imports()).isEmpty();
  }

  @ParameterizedTest(name = "{0} at {1}: created={2}")
  @CsvSource({
    "s3://bucket/p/,                            2025-01, true",
    "gs://bucket/p/,                            2025-01, false",
    "https://acct.blob.core.windows.net/products/p/,  2025-01, false",
    "gs://bucket/p/,                            2025-10, true",
    "https://acct.blob.core.windows.net/products/p/,  2025-10, true",
  })
  void theFakeTakesTheSchemesOfTheRequestedVersion(String uri, String version, boolean created) {
    var e =
        catchThrowableOfType(
            PineconeApiException.class, () -> start(StartImportRequest.of(uri), version));
    assertThat(e == null).isEqualTo(created);
    assertThat(fake.importsWithUri(uri)).hasSize(created ? 1 : 0);
    if (!created) {
      assertThat(e.pineconeMessage()).hasValueSatisfying(m -> assertThat(m).contains("s3://"));
    }
  }

  @Test
  void anUnknownIntegrationIsRefused() throws Exception {
    fake.knownIntegrations("int-1");
    var e =
        catchThrowableOfType(
            PineconeApiException.class,
            () -> start(new StartImportRequest(URI, "int-2", null), "2025-10"));
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.mayHaveCreated()).isFalse();
    assertThat(e.pineconeMessage()).hasValueSatisfying(m -> assertThat(m).contains("int-2"));
    start(new StartImportRequest(URI, "int-1", null), "2025-10");
    assertThat(fake.importsWithUri(URI)).hasSize(1);
  }

  @Test
  void theConcurrencyLimitRefusesUntilAnImportFinishes() throws Exception {
    fake.maxRunningImports(2).startScript(ImportScript.quick());
    start("s3://bucket/a/");
    start("s3://bucket/b/");
    var e = failedStart("s3://bucket/c/");
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.mayHaveCreated()).isFalse();
    assertThat(e.pineconeMessage()).hasValueSatisfying(m -> assertThat(m).contains("limit is 2"));
    assertThat(fake.imports()).hasSize(2);
    clock.advance(ImportScript.quick().total());
    start("s3://bucket/c/");
    assertThat(fake.imports())
        .extracting(BulkImport::uri)
        .containsExactly("s3://bucket/a/", "s3://bucket/b/", "s3://bucket/c/");
  }

  @Test
  void aCancelledImportNoLongerCountsAgainstTheLimit() throws Exception {
    fake.maxRunningImports(1);
    String id = start("s3://bucket/a/");
    client.cancel(endpoint, id, new ApiKey(KEY), "2025-10");
    assertThat(client.describe(endpoint, id, new ApiKey(KEY), "2025-10").status())
        .isEqualTo(BulkImport.CANCELLED);
    start("s3://bucket/b/");
    assertThat(operations).containsExactly("start 200", "cancel 200", "describe 200", "start 200");
  }

  @Test
  void cancellingAFinishedImportChangesNothingAndAnUnknownOneIs404() throws Exception {
    fake.seed("101", ImportScript.quick());
    clock.advance(Duration.ofSeconds(10));
    client.cancel(endpoint, "101", new ApiKey(KEY), "2025-10");
    assertThat(fake.currentStatus("101")).contains(BulkImport.COMPLETED);
    var e =
        catchThrowableOfType(
            PineconeApiException.class,
            () -> client.cancel(endpoint, "999", new ApiKey(KEY), "2025-10"));
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(fake.requests())
        .extracting(FakePineconeServer.Request::method)
        .containsExactly("DELETE", "DELETE");
  }

  @Test
  void listsOnePageAndFollowsEveryPage() throws Exception {
    for (int i = 1; i <= 250; i++) {
      fake.seed(Integer.toString(i), "s3://bucket/" + i + "/", ImportScript.quick());
    }
    ImportPage first = client.list(endpoint, new ApiKey(KEY), "2025-10", null, 7);
    assertThat(first.data())
        .hasSize(7)
        .extracting(BulkImport::id)
        .containsExactly("1", "2", "3", "4", "5", "6", "7");
    ImportPage second = client.list(endpoint, new ApiKey(KEY), "2025-10", first.next(), 7);
    assertThat(second.data()).first().extracting(BulkImport::id).isEqualTo("8");

    fake.clearRequests();
    List<BulkImport> all = client.listAll(endpoint, new ApiKey(KEY), "2025-10");
    assertThat(all).hasSize(250).extracting(BulkImport::uri).doesNotHaveDuplicates();
    assertThat(fake.requests())
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.query()).startsWith("limit=100"));
  }

  @Test
  void anEmptyIndexListsNothing() throws Exception {
    assertThat(client.listAll(endpoint, new ApiKey(KEY), "2025-01")).isEmpty();
    ImportPage page = client.list(endpoint, new ApiKey(KEY), "2025-01", null, null);
    assertThat(page.isLast()).isTrue();
    assertThat(fake.requests())
        .extracting(FakePineconeServer.Request::query)
        .containsExactly("limit=100", null);
  }

  @Test
  void aPaginationTokenThatRepeatsIsMalformedNotAnEndlessLoop() throws Exception {
    var pages = new AtomicInteger();
    HttpServer looping =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    looping.createContext(
        "/",
        ex -> {
          pages.incrementAndGet();
          byte[] body =
              "{\"data\":[{\"id\":\"1\"}],\"pagination\":{\"next\":\"same\"}}"
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    looping.start();
    try {
      var e =
          catchThrowableOfType(
              PineconeApiException.class,
              () ->
                  client.listAll(
                      new IndexEndpoint("http", "127.0.0.1", looping.getAddress().getPort()),
                      new ApiKey(KEY),
                      "2025-10"));
      assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
      assertThat(pages).hasValue(2);
    } finally {
      looping.stop(0);
    }
  }

  @ParameterizedTest(name = "list body {0} is malformed")
  @CsvSource(
      delimiter = '|',
      value = {"[]", "{\"data\":{}}", "{\"data\":[1]}", "\"x\""})
  void aListThatIsNotAListIsMalformed(String body) {
    fake.faultAll(new Fault.Respond(200, body, "application/json", null));
    var e =
        catchThrowableOfType(
            PineconeApiException.class,
            () -> client.list(endpoint, new ApiKey(KEY), "2025-10", null, null));
    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void anUnreachableHostProvesTheStartWasNeverSent() {
    var nowhere = new IndexEndpoint("http", "127.0.0.1", 1);
    var e =
        catchThrowableOfType(
            PineconeApiException.class,
            () -> client.start(nowhere, StartImportRequest.of(URI), new ApiKey(KEY), "2025-10"));
    assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
    assertThat(e.mayHaveCreated()).isFalse();
  }

  @Test
  void refusesToRunWhereTheJdkWouldResendAPost() {
    System.setProperty(PineconeClient.ALL_METHOD_RETRY_PROPERTY, "true");
    try {
      assertThatThrownBy(
              () ->
                  new PineconeClient(
                      PineconeClient.Settings.defaults(), clock, (op, code, latency) -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("start an import twice");
    } finally {
      System.clearProperty(PineconeClient.ALL_METHOD_RETRY_PROPERTY);
    }
  }

  @Test
  void theKeyIsNeverInAnErrorEvenWhenPineconeEchoesIt() {
    fake.faultStarts(
        new Fault.Respond(
            400, "{\"code\":3,\"message\":\"key " + KEY + " bad\"}", "application/json", null),
        Fault.statusAfterCreate(500, "internal " + KEY));
    for (int i = 0; i < 2; i++) {
      var e = failedStart(URI);
      assertThat(e.getMessage()).doesNotContain(KEY).contains("[REDACTED]");
      assertThat(e.pineconeMessage().orElseThrow()).doesNotContain(KEY);
    }
  }

  @Test
  void aListLongerThanItsPageBudgetIsRefusedNotHeld() throws Exception {
    for (int i = 1; i <= 250; i++) {
      fake.seed(Integer.toString(i), "s3://bucket/" + i + "/", ImportScript.quick());
    }
    var tooLong =
        catchThrowableOfType(
            ImportListTooLargeException.class,
            () ->
                client.listAll(
                    endpoint,
                    new ApiKey(KEY),
                    "2025-10",
                    new PineconeClient.ListBudget(2, 1L << 20)));
    assertThat(tooLong.limit()).isEqualTo(ImportListTooLargeException.Limit.PAGES);
    assertThat(tooLong.getMessage()).contains("2 pages").doesNotContain(KEY);
    assertThat(fake.requests()).as("stops at the budget").hasSize(2);
    assertThat(
            client.listAll(
                endpoint, new ApiKey(KEY), "2025-10", new PineconeClient.ListBudget(3, 1L << 20)))
        .hasSize(250);
  }

  @Test
  void aListLongerThanItsByteBudgetIsRefusedNotHeld() throws Exception {
    for (int i = 1; i <= 150; i++) {
      fake.seed(
          Integer.toString(i), "s3://bucket/" + "x".repeat(200) + i + "/", ImportScript.quick());
    }
    var tooLarge =
        catchThrowableOfType(
            ImportListTooLargeException.class,
            () ->
                client.listAll(
                    endpoint,
                    new ApiKey(KEY),
                    "2025-10",
                    new PineconeClient.ListBudget(100, 10_000)));
    assertThat(tooLarge.limit()).isEqualTo(ImportListTooLargeException.Limit.BYTES);
    assertThat(tooLarge.getMessage()).contains("10000 bytes");
  }

  @Test
  void theDefaultListBudgetIsFarBelowTheHeap() {
    // the operator runs with about 384 MiB of heap; what the list may hold must be a small part
    assertThat(PineconeClient.ListBudget.DEFAULT.bytes()).isLessThanOrEqualTo(32L << 20);
    assertThat(PineconeClient.ListBudget.DEFAULT.pages() * (long) PineconeClient.MAX_PAGE_SIZE)
        .isGreaterThanOrEqualTo(10_000);
  }

  @ParameterizedTest(name = "start answer id {0} is malformed")
  @CsvSource(
      delimiter = '|',
      value = {"'..'", "'.'", "'a/b'", "'101\\n'", "''"})
  void aStartAnswerIdThatIsNotOneUsableSegmentIsMalformed(String id) {
    fake.faultStarts(new Fault.Respond(200, "{\"id\":\"" + id + "\"}", "application/json", null));
    var e = catchThrowableOfType(PineconeApiException.class, () -> start("s3://b/p/"));
    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void aStartAnswerIdTooLongOrHoldingTheKeyIsMalformed() {
    for (String id : List.of("9".repeat(PineconeClient.MAX_ID_LENGTH + 1), "id-" + KEY)) {
      fake.faultStarts(new Fault.Respond(200, "{\"id\":\"" + id + "\"}", "application/json", null));
      var e = catchThrowableOfType(PineconeApiException.class, () -> start("s3://b/p/"));
      assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
      assertThat(e.getMessage()).doesNotContain(KEY);
    }
    fake.faultStarts(
        new Fault.Respond(
            200,
            "{\"id\":\"" + "9".repeat(PineconeClient.MAX_ID_LENGTH) + "\"}",
            "application/json",
            null));
    assertThatCode(() -> start("s3://b/p/")).doesNotThrowAnyException();
  }
}
