package io.github.pineconeimport.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.github.pineconeimport.pinecone.ApiKey;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.pinecone.IndexEndpoint;
import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.pinecone.StartImportRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Holds the fake Pinecone and our client to Pinecone's own OpenAPI specs (2025-01, 2025-10 and
 * 2026-04, the versions the fake serves; and the 2026-07 bulk-import excerpt for validationResult),
 * with Atlassian's swagger-request-validator: every response the fake gives, for every endpoint and
 * error, and every request the client sends.
 */
class FakePineconeConformanceTest {

  static final String KEY = "conformance-key";
  static final Map<String, OpenApiInteractionValidator> SPECS = new java.util.LinkedHashMap<>();

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final List<String> checked = new ArrayList<>();

  /** The X-Pinecone-Api-Version the next exchange sends. */
  String version = "2025-10";

  FakePineconeServer fake;

  @BeforeAll
  static void loadSpecs() {
    for (String version : FakePineconeServer.SERVED_API_VERSIONS) {
      SPECS.put(
          version,
          OpenApiInteractionValidator.createForSpecificationUrl(
                  "pinecone-openapi/db_data_" + version + ".oas.yaml")
              .build());
    }
  }

  @BeforeEach
  void start() throws Exception {
    fake = FakePineconeServer.start(0, KEY, clock);
    fake.seed("101", ImportScript.quick());
    fake.seed("102", ImportScript.quick().failingWith("Invalid parquet file"));
    fake.seed("103", ImportScript.quick());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  /** Sends one request, validates request and response against both specs, returns the response. */
  HttpResponse<String> exchange(String method, String pathAndQuery, String body) throws Exception {
    return exchange(method, pathAndQuery, body, true);
  }

  /** For requests that break the spec on purpose only the fake's answer is held to it. */
  HttpResponse<String> exchange(
      String method, String pathAndQuery, String body, boolean requestFollowsSpec)
      throws Exception {
    var builder =
        HttpRequest.newBuilder(URI.create(fake.baseUrl() + pathAndQuery))
            .header("Api-Key", KEY)
            .header("X-Pinecone-Api-Version", version)
            .header("Accept", "application/json");
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    builder.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(builder.build(), HttpResponse.BodyHandlers.ofString());

    Request request =
        toValidatorRequest(
            method,
            pathAndQuery,
            Map.of("Api-Key", KEY, "X-Pinecone-Api-Version", version, "Accept", "application/json"),
            body);
    var validatorResponse =
        SimpleResponse.Builder.status(response.statusCode())
            .withContentType(response.headers().firstValue("Content-Type").orElse(""))
            .withBody(response.body())
            .build();
    SPECS.forEach(
        (version, spec) -> {
          ValidationReport report =
              requestFollowsSpec
                  ? spec.validate(request, validatorResponse)
                  : spec.validateResponse(
                      request.getPath(), request.getMethod(), validatorResponse);
          assertThat(report.getMessages())
              .as(
                  "%s %s -> %d against the %s spec",
                  method, pathAndQuery, response.statusCode(), version)
              .isEmpty();
        });
    checked.add(method + " " + pathAndQuery + " -> " + response.statusCode());
    return response;
  }

  static Request toValidatorRequest(
      String method, String pathAndQuery, Map<String, String> headers, String body) {
    String path =
        pathAndQuery.contains("?")
            ? pathAndQuery.substring(0, pathAndQuery.indexOf('?'))
            : pathAndQuery;
    var b = new SimpleRequest.Builder(method, path);
    headers.forEach(b::withHeader);
    if (pathAndQuery.contains("?")) {
      for (String pair : pathAndQuery.substring(pathAndQuery.indexOf('?') + 1).split("&")) {
        String[] kv = pair.split("=", 2);
        b.withQueryParam(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
      }
    }
    if (body != null) {
      b.withContentType("application/json").withBody(body);
    }
    return b.build();
  }

  @Test
  void describeConformsAtEveryStageOfAnImportsLife() throws Exception {
    List<String> statuses = new ArrayList<>();
    for (int second = 0; second <= 6; second++) {
      statuses.add(field(exchange("GET", "/bulk/imports/101", null).body(), "status"));
      statuses.add(field(exchange("GET", "/bulk/imports/102", null).body(), "status"));
      if (second == 2) {
        exchange("DELETE", "/bulk/imports/103", null);
      }
      statuses.add(field(exchange("GET", "/bulk/imports/103", null).body(), "status"));
      clock.advance(Duration.ofSeconds(1));
    }
    // DELETE on a finished import changes nothing
    exchange("DELETE", "/bulk/imports/101", null);
    assertThat(fake.currentStatus("101")).contains("Completed");
    assertThat(statuses).contains("Pending", "InProgress", "Completed", "Failed", "Cancelled");
  }

  @Test
  void listConformsAndPaginates() throws Exception {
    for (int i = 0; i < 5; i++) {
      fake.seed("2" + i, ImportScript.quick());
    }
    var ids = new ArrayList<String>();
    String token = null;
    int pages = 0;
    do {
      String q = "/bulk/imports?limit=3" + (token == null ? "" : "&paginationToken=" + token);
      var body =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(exchange("GET", q, null).body());
      body.path("data").forEach(d -> ids.add(d.path("id").asText()));
      token = body.path("pagination").path("next").asText(null);
      pages++;
    } while (token != null && pages < 10);
    assertThat(pages).isEqualTo(3);
    assertThat(ids).containsExactly("101", "102", "103", "20", "21", "22", "23", "24");
    assertThat(exchange("GET", "/bulk/imports", null).statusCode()).isEqualTo(200);
  }

  @Test
  void startAndCancelConform() throws Exception {
    var started =
        exchange(
            "POST",
            "/bulk/imports",
            "{\"uri\":\"s3://bucket/data/\",\"errorMode\":{\"onError\":\"continue\"}}");
    assertThat(started.statusCode()).isEqualTo(200);
    String id = field(started.body(), "id");
    assertThat(field(exchange("GET", "/bulk/imports/" + id, null).body(), "uri"))
        .isEqualTo("s3://bucket/data/");
    assertThat(exchange("DELETE", "/bulk/imports/" + id, null).body()).isEqualTo("{}");
    assertThat(fake.currentStatus(id)).contains("Cancelled");
  }

  @Test
  void errorsConformAndSayWhatIsWrong() throws Exception {
    assertThat(exchange("GET", "/bulk/imports/nope", null).statusCode()).isEqualTo(404);
    assertThat(exchange("POST", "/bulk/imports", "{\"integrationId\":\"x\"}", false).statusCode())
        .isEqualTo(400);
    assertThat(exchange("POST", "/bulk/imports", "{\"uri\":\"\"}", false).statusCode())
        .isEqualTo(400);
    assertThat(
            exchange(
                    "POST",
                    "/bulk/imports",
                    "{\"uri\":\"s3://b/\",\"errorMode\":{\"onError\":\"ignore\"}}",
                    false)
                .statusCode())
        .isEqualTo(400);
    var badLimit = exchange("GET", "/bulk/imports?limit=101", null, false);
    assertThat(badLimit.statusCode()).isEqualTo(400);
    assertThat(field(badLimit.body(), "message")).contains("limit");
    fake.fault("101", Fault.status(503, "unavailable"), Fault.tooManyRequests(2));
    assertThat(exchange("GET", "/bulk/imports/101", null).statusCode()).isEqualTo(503);
    var limited = exchange("GET", "/bulk/imports/101", null);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("2");
  }

  @Test
  void refusedStartsConformAndSayWhy() throws Exception {
    fake.knownIntegrations("int-1").maxRunningImports(5); // 101, 102 and 103 are pending
    version = "2025-01";
    var gcsOn2501 = exchange("POST", "/bulk/imports", "{\"uri\":\"gs://bucket/data/\"}");
    assertThat(gcsOn2501.statusCode()).isEqualTo(400);
    assertThat(field(gcsOn2501.body(), "message")).contains("only s3://");
    version = "2025-10";
    assertThat(exchange("POST", "/bulk/imports", "{\"uri\":\"gs://bucket/data/\"}").statusCode())
        .isEqualTo(200);
    assertThat(
            exchange(
                    "POST",
                    "/bulk/imports",
                    "{\"uri\":\"https://acct.blob.core.windows.net/container/data/\"}")
                .statusCode())
        .isEqualTo(200);
    var unknownIntegration =
        exchange(
            "POST", "/bulk/imports", "{\"uri\":\"s3://bucket/data/\",\"integrationId\":\"int-9\"}");
    assertThat(unknownIntegration.statusCode()).isEqualTo(400);
    assertThat(field(unknownIntegration.body(), "code")).isEqualTo("5");
    var limit =
        exchange(
            "POST", "/bulk/imports", "{\"uri\":\"s3://bucket/data/\",\"integrationId\":\"int-1\"}");
    assertThat(limit.statusCode()).isEqualTo(400);
    assertThat(field(limit.body(), "code")).isEqualTo("9");
    assertThat(fake.imports()).hasSize(5);
  }

  @Test
  void startFaultsConform() throws Exception {
    fake.faultStarts(
        Fault.statusAfterCreate(503, "unavailable"),
        Fault.tooManyRequests(3),
        Fault.status(500, "internal"),
        Fault.slowAfterCreate(Duration.ofMillis(50)));
    String body = "{\"uri\":\"s3://bucket/data/\"}";
    assertThat(exchange("POST", "/bulk/imports", body).statusCode()).isEqualTo(503);
    assertThat(exchange("POST", "/bulk/imports", body).statusCode()).isEqualTo(429);
    assertThat(exchange("POST", "/bulk/imports", body).statusCode()).isEqualTo(500);
    assertThat(exchange("POST", "/bulk/imports", body).statusCode()).isEqualTo(200);
    assertThat(fake.postCount("s3://bucket/data/")).isEqualTo(4);
    assertThat(fake.importsWithUri("s3://bucket/data/")).hasSize(2);
  }

  @Test
  void aWrongKeyGetsTheGatewaysPlainText401() throws Exception {
    // the one answer outside the spec: Pinecone's gateway answers 401 itself, in plain text
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/bulk/imports/101"))
                .header("Api-Key", "wrong")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("Unauthorized");
    assertThat(response.headers().firstValue("Content-Type")).contains("text/plain");
    var missing =
        http.send(
            HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/bulk/imports/101")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(401);
  }

  @Test
  void everyRequestOurClientSendsConformsToBothSpecs() throws Exception {
    var client = new PineconeClient(PineconeClient.Settings.defaults(), clock, (o, c, l) -> {});
    var endpoint = new IndexEndpoint("http", "127.0.0.1", fake.port());
    var key = new ApiKey(KEY);
    for (int i = 0; i < 120; i++) {
      fake.seed("3" + i, ImportScript.quick()); // enough for a second page
    }
    for (String version : FakePineconeServer.SERVED_API_VERSIONS) {
      client.describe(endpoint, "101", key, version);
      var missing =
          catchThrowableOfType(
              PineconeApiException.class,
              () -> client.describe(endpoint, "missing id/with slash", key, version));
      assertThat(missing).as("a 404 for an unknown import").isNotNull();
      assertThat(missing.statusCode()).isEqualTo(404);
      String id = client.start(endpoint, StartImportRequest.of("s3://bucket/a/"), key, version);
      client.start(
          endpoint,
          new StartImportRequest("s3://bucket/b/", "int-1", StartImportRequest.ErrorMode.ABORT),
          key,
          version);
      client.start(
          endpoint,
          new StartImportRequest("s3://bucket/c/", null, StartImportRequest.ErrorMode.CONTINUE),
          key,
          version);
      var page = client.list(endpoint, key, version, null, 2);
      client.list(endpoint, key, version, page.next(), 2);
      client.list(endpoint, key, version, null, null);
      assertThat(client.listAll(endpoint, key, version)).hasSizeGreaterThan(100);
      client.cancel(endpoint, id, key, version);
    }
    assertThat(fake.requestsByVerbAndPath())
        .containsEntry("POST /bulk/imports", 9L)
        .containsEntry("DELETE /bulk/imports/{id}", 3L)
        .containsEntry("GET /bulk/imports", 15L);
    assertThat(fake.requests())
        .hasSize(33)
        .allSatisfy(
            r -> {
              String pathAndQuery = r.path() + (r.query() == null ? "" : "?" + r.query());
              Map<String, String> headers = new java.util.HashMap<>(r.headers());
              headers.put("Api-Key", KEY); // the fake masks it; the validator only needs it present
              Request request =
                  toValidatorRequest(
                      r.method(), pathAndQuery, headers, r.body().isEmpty() ? null : r.body());
              SPECS.forEach(
                  (version, spec) ->
                      assertThat(spec.validateRequest(request).getMessages())
                          .as("%s %s against %s", r.method(), r.path(), version)
                          .isEmpty());
              assertThat(r.headers()).containsKeys("Api-Key", "X-Pinecone-Api-Version");
            });
  }

  @Test
  void theFakeServesEachSpecsVersionAndRefusesOthersInTheDataPlaneErrorShape() throws Exception {
    for (String v : FakePineconeServer.SERVED_API_VERSIONS) {
      version = v;
      assertThat(exchange("GET", "/bulk/imports/101", null).statusCode()).as(v).isEqualTo(200);
    }
    fake.refuseApiVersion("2025-10");
    version = "2025-10";
    var refused = exchange("GET", "/bulk/imports/101", null);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(field(refused.body(), "message")).contains("Unsupported API version '2025-10'");
    assertThat(exchange("POST", "/bulk/imports", "{\"uri\":\"s3://bucket/x/\"}").statusCode())
        .isEqualTo(400);
    assertThat(fake.importsWithUri("s3://bucket/x/"))
        .as("a refused start creates nothing")
        .isEmpty();
    version = "2024-07"; // a version this fake never served
    assertThat(exchange("GET", "/bulk/imports", null).statusCode()).isEqualTo(400);
    version = "2026-04";
    assertThat(exchange("GET", "/bulk/imports/101", null).statusCode()).isEqualTo(200);
    fake.acceptApiVersion("2025-10");
    version = "2025-10";
    assertThat(exchange("GET", "/bulk/imports/101", null).statusCode()).isEqualTo(200);
  }

  @Test
  void ourClientTellsARefusedVersionFromOtherBadRequests() throws Exception {
    var client = new PineconeClient(PineconeClient.Settings.defaults(), clock, (o, c, l) -> {});
    var endpoint = new IndexEndpoint("http", "127.0.0.1", fake.port());
    var key = new ApiKey(KEY);
    fake.refuseApiVersion("2025-01");
    var refused =
        catchThrowableOfType(
            PineconeApiException.class, () -> client.describe(endpoint, "101", key, "2025-01"));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.apiVersionUnsupported()).isTrue();
    var gcs =
        catchThrowableOfType(
            PineconeApiException.class,
            () -> client.start(endpoint, StartImportRequest.of("gs://bucket/a/"), key, "2025-10"));
    assertThat(gcs).isNull(); // 2025-10 takes gs://
    var badUri =
        catchThrowableOfType(
            PineconeApiException.class,
            () -> client.start(endpoint, StartImportRequest.of("ftp://bucket/a/"), key, "2026-04"));
    assertThat(badUri.statusCode()).isEqualTo(400);
    assertThat(badUri.apiVersionUnsupported()).as("a bad uri is not a refused version").isFalse();
    assertThat(client.describe(endpoint, "101", key, "2026-04").id()).isEqualTo("101");
  }

  /**
   * The fake answers validationResult at every version, as Pinecone may; the specs before 2026-07
   * do not name the field (and the validator forbids unnamed ones), so against them the answer is
   * held to everything but that, and to the 2026-07 excerpt in full.
   */
  @Test
  void validationResultConformsTo2026_07AndIsServedAtEveryVersion() throws Exception {
    OpenApiInteractionValidator excerpt =
        OpenApiInteractionValidator.createForSpecificationUrl(
                "pinecone-openapi/db_data_2026-07.bulk-imports-excerpt.oas.yaml")
            .build();
    fake.seed("104", ImportScript.quick().withValidation(999_990, 10));
    clock.advance(Duration.ofSeconds(6)); // completed
    var client = new PineconeClient(PineconeClient.Settings.defaults(), clock, (o, c, l) -> {});
    var endpoint = new IndexEndpoint("http", "127.0.0.1", fake.port());
    for (String v : FakePineconeServer.SERVED_API_VERSIONS) {
      var answer =
          http.send(
              HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/bulk/imports/104"))
                  .header("Api-Key", KEY)
                  .header("X-Pinecone-Api-Version", v)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      var response =
          SimpleResponse.Builder.ok()
              .withContentType("application/json")
              .withBody(answer.body())
              .build();
      assertThat(
              excerpt
                  .validateResponse("/bulk/imports/104", Request.Method.GET, response)
                  .getMessages())
          .as("against 2026-07, at %s", v)
          .isEmpty();
      var older =
          OpenApiInteractionValidator.createForSpecificationUrl(
                  "pinecone-openapi/db_data_" + v + ".oas.yaml")
              .withLevelResolver(
                  LevelResolver.create()
                      .withLevel(
                          "validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
                      .build())
              .build();
      assertThat(
              older
                  .validateResponse("/bulk/imports/104", Request.Method.GET, response)
                  .getMessages())
          .as("against %s, validationResult aside", v)
          .isEmpty();
      assertThat(client.describe(endpoint, "104", new ApiKey(KEY), v).validationResult())
          .as("parsed at %s", v)
          .isEqualTo(new BulkImport.ValidationResult(999_990L, 10L));
    }
    assertThat(client.describe(endpoint, "101", new ApiKey(KEY), "2026-04").validationResult())
        .as("no validation scripted, none answered")
        .isNull();
  }

  static String field(String json, String name) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path(name).asText();
  }
}
