package io.github.pineconeimport.pinecone;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A thin client for Pinecone's bulk import API on an index host. It sends the key only to the
 * endpoint it is given (callers check {@link HostPolicy} first), never follows redirects, bounds
 * time and body size, and turns every failure into a {@link PineconeApiException}.
 *
 * <p>It never retries on its own: retrying a start is the caller's decision, made with {@link
 * PineconeApiException#mayHaveCreated()}. The JDK client itself retries a request once on a dropped
 * connection, but only GET and HEAD, unless {@value #ALL_METHOD_RETRY_PROPERTY} is set; the
 * constructor refuses to run with that setting, since it would repeat a POST that Pinecone may
 * already have acted on.
 */
public class PineconeClient {

  public static final String API_KEY_HEADER = "Api-Key";
  public static final String API_VERSION_HEADER = "X-Pinecone-Api-Version";
  public static final String USER_AGENT = "pinecone-import-operator";

  /** The JDK setting that would make java.net.http retry a POST on a dropped connection. */
  public static final String ALL_METHOD_RETRY_PROPERTY = "jdk.httpclient.enableAllMethodRetry";

  /** Pinecone's largest page for GET /bulk/imports. */
  public static final int MAX_PAGE_SIZE = 100;

  /**
   * How much of the import list {@link #listAll} holds at once: pages (of 100) and bytes of answer.
   * The default, 500 pages and 32 MiB, is far more than an index's history and far less than the
   * operator's heap; a list past it is refused, never followed into an out-of-memory error.
   */
  public record ListBudget(int pages, long bytes) {
    public static final ListBudget DEFAULT = new ListBudget(500, 32L << 20);
  }

  /** Told about every request, for metrics and counting; never sees the key. */
  public interface Listener {
    /** statusCode is 0 when no HTTP answer came. */
    void onResponse(String operation, int statusCode, Duration latency);
  }

  /** Timeouts and limits; see OperatorConfig for the defaults. */
  public record Settings(Duration connectTimeout, Duration requestTimeout, int maxBodyBytes) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(15), 1 << 20);
    }
  }

  private static final String IMPORTS = "/bulk/imports";

  private final HttpClient http;
  private final Settings settings;
  private final Clock clock;
  private final Listener listener;
  private final ObjectMapper json =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public PineconeClient(Settings settings, Clock clock, Listener listener) {
    String allMethodRetry = System.getProperty(ALL_METHOD_RETRY_PROPERTY);
    if (allMethodRetry != null && !allMethodRetry.equalsIgnoreCase("false")) {
      throw new IllegalStateException(
          ALL_METHOD_RETRY_PROPERTY
              + " is set: the JDK would resend"
              + " a POST /bulk/imports after a dropped connection and could start an import twice");
    }
    this.settings = settings;
    this.clock = clock;
    this.listener = listener;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            // the answer is handled where it is read (the selector thread): a few hundred bytes
            // of JSON into a byte array, no blocking; the default pool adds a thread handoff
            // per request, which the profile showed costing more than the parsing
            .executor(Runnable::run)
            .build();
  }

  /** GET /bulk/imports/{id}. */
  public BulkImport describe(IndexEndpoint endpoint, String importId, ApiKey key, String apiVersion)
      throws PineconeApiException {
    HttpRequest request = describeRequest(endpoint, importId, key, apiVersion, settings);
    byte[] body = send("describe", request, key);
    try {
      BulkImport result = json.readValue(body, BulkImport.class);
      if (result == null) {
        throw PineconeApiException.of(PineconeApiException.Kind.MALFORMED_RESPONSE);
      }
      // Pinecone's own words reach status, events and logs, where they are cut to length
      return result.withText(key::redact);
    } catch (IOException e) {
      throw PineconeApiException.of(PineconeApiException.Kind.MALFORMED_RESPONSE);
    }
  }

  /** Pinecone's bound on an import ID (1..1000 characters). */
  public static final int MAX_ID_LENGTH = 1000;

  /**
   * Whether an ID from a start's answer can be tracked as one: the length Pinecone allows, one path
   * segment that is not a path step, encodable, without control characters, and not holding the key
   * (an echo of it would otherwise be written to status and logs). It is checked as a describe's
   * fields are, before it is written anywhere.
   */
  static boolean isUsableId(String id, ApiKey key) {
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH || isDotSegment(id) || id.contains("/")) {
      return false;
    }
    if (id.chars().anyMatch(Character::isISOControl)
        || !StandardCharsets.UTF_8.newEncoder().canEncode(id)) {
      return false;
    }
    return key.redact(id).equals(id);
  }

  /**
   * "." and ".." are path steps, not names: percent-encoding leaves them as they are, and any URI
   * resolution turns /bulk/imports/.. into /bulk/, another resource. They are never sent.
   */
  public static boolean isDotSegment(String importId) {
    return ".".equals(importId) || "..".equals(importId);
  }

  /**
   * POST /bulk/imports: starts an import and returns Pinecone's ID for it. Sent exactly once; on
   * failure {@link PineconeApiException#mayHaveCreated()} tells whether the import may exist
   * anyway. A 2xx without a readable ID is MALFORMED_RESPONSE (and may have created it).
   */
  public String start(
      IndexEndpoint endpoint, StartImportRequest start, ApiKey key, String apiVersion)
      throws PineconeApiException {
    byte[] payload;
    try {
      payload = json.writeValueAsBytes(start.toWire(json));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a start request", e);
    }
    HttpRequest request =
        request(endpoint.baseUri().resolve(IMPORTS), key, apiVersion)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
            .build();
    JsonNode id = readTree(send("start", request, key)).path("id");
    if (!id.isTextual() || !isUsableId(id.asText(), key)) {
      throw PineconeApiException.of(PineconeApiException.Kind.MALFORMED_RESPONSE);
    }
    return id.asText();
  }

  /**
   * GET /bulk/imports: one page.
   *
   * @param paginationToken null for the first page, else the previous page's {@code next}
   * @param limit 1..100, or null for Pinecone's default (100)
   */
  public ImportPage list(
      IndexEndpoint endpoint, ApiKey key, String apiVersion, String paginationToken, Integer limit)
      throws PineconeApiException {
    return parsePage(sendList(endpoint, key, apiVersion, paginationToken, limit), key);
  }

  private byte[] sendList(
      IndexEndpoint endpoint, ApiKey key, String apiVersion, String paginationToken, Integer limit)
      throws PineconeApiException {
    StringBuilder query = new StringBuilder();
    if (limit != null) {
      query.append("limit=").append(limit);
    }
    if (paginationToken != null) {
      query
          .append(query.length() == 0 ? "" : "&")
          .append("paginationToken=")
          .append(URLEncoder.encode(paginationToken, StandardCharsets.UTF_8));
    }
    URI uri = endpoint.baseUri().resolve(IMPORTS + (query.length() == 0 ? "" : "?" + query));
    return send("list", request(uri, key, apiVersion).GET().build(), key);
  }

  private ImportPage parsePage(byte[] body, ApiKey key) throws PineconeApiException {
    JsonNode root = readTree(body);
    JsonNode data = root.path("data");
    if (!root.isObject() || !(data.isArray() || data.isMissingNode() || data.isNull())) {
      throw PineconeApiException.of(PineconeApiException.Kind.MALFORMED_RESPONSE);
    }
    List<BulkImport> imports = new ArrayList<>();
    try {
      for (JsonNode item : data) {
        if (!item.isObject()) {
          throw PineconeApiException.of(PineconeApiException.Kind.MALFORMED_RESPONSE);
        }
        imports.add(json.treeToValue(item, BulkImport.class).withText(key::redact));
      }
    } catch (IOException e) {
      throw PineconeApiException.of(PineconeApiException.Kind.MALFORMED_RESPONSE);
    }
    JsonNode next = root.path("pagination").path("next");
    return new ImportPage(imports, next.isTextual() ? next.asText() : null);
  }

  /** {@link #listAll(IndexEndpoint, ApiKey, String, ListBudget)} with the default budget. */
  public List<BulkImport> listAll(IndexEndpoint endpoint, ApiKey key, String apiVersion)
      throws PineconeApiException, ImportListTooLargeException {
    return listAll(endpoint, key, apiVersion, ListBudget.DEFAULT);
  }

  /**
   * Every import on the index, following every page. Bounded: a token that comes back a second time
   * is MALFORMED_RESPONSE rather than an endless loop, and more pages or bytes than the budget is
   * {@link ImportListTooLargeException}; a caller that adopts from this list must not act on a
   * partial one.
   */
  public List<BulkImport> listAll(
      IndexEndpoint endpoint, ApiKey key, String apiVersion, ListBudget budget)
      throws PineconeApiException, ImportListTooLargeException {
    List<BulkImport> all = new ArrayList<>();
    Set<String> seenTokens = new HashSet<>();
    String token = null;
    long bytes = 0;
    for (int page = 0; page < budget.pages(); page++) {
      byte[] body = sendList(endpoint, key, apiVersion, token, MAX_PAGE_SIZE);
      bytes += body.length;
      if (bytes > budget.bytes()) {
        throw new ImportListTooLargeException(
            ImportListTooLargeException.Limit.BYTES, budget.bytes());
      }
      ImportPage current = parsePage(body, key);
      all.addAll(current.data());
      if (current.isLast()) {
        return all;
      }
      if (!seenTokens.add(current.next())) {
        throw PineconeApiException.of(PineconeApiException.Kind.MALFORMED_RESPONSE);
      }
      token = current.next();
    }
    throw new ImportListTooLargeException(ImportListTooLargeException.Limit.PAGES, budget.pages());
  }

  /**
   * DELETE /bulk/imports/{id}: asks Pinecone to cancel. Pinecone answers 200 also for an import
   * that has already finished (and changes nothing); 404 means it does not know the ID.
   */
  public void cancel(IndexEndpoint endpoint, String importId, ApiKey key, String apiVersion)
      throws PineconeApiException {
    send("cancel", request(importUri(endpoint, importId), key, apiVersion).DELETE().build(), key);
  }

  /** The one place an import's URI is built (describe and cancel alike). */
  private static URI importUri(IndexEndpoint endpoint, String importId) {
    return endpoint.baseUri().resolve(importPath(importId));
  }

  private HttpRequest.Builder request(URI uri, ApiKey key, String apiVersion) {
    return request(uri, key, apiVersion, settings);
  }

  private JsonNode readTree(byte[] body) throws PineconeApiException {
    try {
      JsonNode root = json.readTree(body);
      if (root == null || root.isMissingNode()) {
        throw PineconeApiException.of(PineconeApiException.Kind.MALFORMED_RESPONSE);
      }
      return root;
    } catch (IOException e) {
      throw PineconeApiException.of(PineconeApiException.Kind.MALFORMED_RESPONSE);
    }
  }

  static String encodePathSegment(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The GET that {@link #describe} sends; apart so tests can check what it accepts. */
  static HttpRequest describeRequest(
      IndexEndpoint endpoint, String importId, ApiKey key, String apiVersion, Settings settings) {
    return request(importUri(endpoint, importId), key, apiVersion, settings).GET().build();
  }

  /**
   * {@code /bulk/imports/{id}} with the ID as exactly one segment, or a refusal before anything is
   * sent.
   */
  static String importPath(String importId) {
    if (importId == null || importId.isEmpty()) {
      throw new InvalidImportIdException(
          InvalidImportIdException.Reason.EMPTY, "import ID is empty");
    }
    if (isDotSegment(importId)) {
      throw new InvalidImportIdException(
          InvalidImportIdException.Reason.PATH_STEP,
          "import ID '" + importId + "' is a path step, not an ID");
    }
    if (!StandardCharsets.UTF_8.newEncoder().canEncode(importId)) {
      throw new InvalidImportIdException(
          InvalidImportIdException.Reason.NOT_UNICODE,
          "import ID holds a lone UTF-16 surrogate, which cannot be sent");
    }
    return IMPORTS + "/" + encodePathSegment(importId);
  }

  private static HttpRequest.Builder request(
      URI uri, ApiKey key, String apiVersion, Settings settings) {
    var builder =
        HttpRequest.newBuilder(uri)
            .timeout(settings.requestTimeout())
            .header(API_KEY_HEADER, key.value())
            .header(API_VERSION_HEADER, apiVersion)
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT);
    if (uri.getScheme().equals("http")) {
      // plain http is only for local fakes; skip the h2c upgrade dance
      builder.version(HttpClient.Version.HTTP_1_1);
    }
    return builder;
  }

  private byte[] send(String operation, HttpRequest request, ApiKey key)
      throws PineconeApiException {
    long start = System.nanoTime();
    int code = 0;
    try {
      HttpResponse<byte[]> response =
          await(http.sendAsync(request, LimitedBody.handler(settings.maxBodyBytes())));
      code = response.statusCode();
      if (code >= 200 && code < 300) {
        return response.body();
      }
      String message =
          ErrorBodies.message(
              json, new String(response.body(), StandardCharsets.UTF_8), key::redact);
      var kind =
          code >= 300 && code < 400
              ? PineconeApiException.Kind.REDIRECT
              : PineconeApiException.Kind.HTTP_STATUS;
      throw new PineconeApiException(
          kind,
          code,
          kind == PineconeApiException.Kind.REDIRECT ? null : message,
          ErrorBodies.retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock));
    } finally {
      listener.onResponse(operation, code, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private HttpResponse<byte[]> await(CompletableFuture<HttpResponse<byte[]>> future)
      throws PineconeApiException {
    // the request timeout covers the headers; this bound also covers a body that trickles in
    long budgetMillis = settings.connectTimeout().plus(settings.requestTimeout()).toMillis();
    try {
      return future.get(budgetMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw PineconeApiException.of(PineconeApiException.Kind.TIMEOUT);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw PineconeApiException.of(PineconeApiException.Kind.CONNECTION);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      // only a failed connect proves the request never left; it matters to a start
      if (cause instanceof HttpConnectTimeoutException) {
        throw PineconeApiException.notSent(PineconeApiException.Kind.TIMEOUT);
      }
      if (cause instanceof ConnectException) {
        throw PineconeApiException.notSent(PineconeApiException.Kind.CONNECTION);
      }
      if (cause instanceof HttpTimeoutException) {
        throw PineconeApiException.of(PineconeApiException.Kind.TIMEOUT);
      }
      if (cause instanceof LimitedBody.TooLarge) {
        throw PineconeApiException.of(PineconeApiException.Kind.MALFORMED_RESPONSE);
      }
      throw PineconeApiException.of(PineconeApiException.Kind.CONNECTION);
    }
  }
}
