package io.github.pineconeimport.pinecone;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A thin client for Pinecone's bulk import API on an index host. It sends the key only to the
 * endpoint it is given (callers check {@link HostPolicy} first), never follows redirects, bounds
 * time and body size, and turns every failure into a {@link PineconeApiException}.
 */
public class PineconeClient {

  public static final String API_KEY_HEADER = "Api-Key";
  public static final String API_VERSION_HEADER = "X-Pinecone-Api-Version";
  public static final String USER_AGENT = "pinecone-import-operator";

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

  private final HttpClient http;
  private final Settings settings;
  private final Clock clock;
  private final Listener listener;
  private final ObjectMapper json =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public PineconeClient(Settings settings, Clock clock, Listener listener) {
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

  /**
   * "." and ".." are path steps, not names: percent-encoding leaves them as they are, and any URI
   * resolution turns /bulk/imports/.. into /bulk/, another resource. They are never sent.
   */
  public static boolean isDotSegment(String importId) {
    return ".".equals(importId) || "..".equals(importId);
  }

  static String encodePathSegment(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The GET that {@link #describe} sends; apart so tests can check what it accepts. */
  static HttpRequest describeRequest(
      IndexEndpoint endpoint, String importId, ApiKey key, String apiVersion, Settings settings) {
    if (isDotSegment(importId)) {
      throw new IllegalArgumentException("import ID '" + importId + "' is a path step, not an ID");
    }
    URI uri = endpoint.baseUri().resolve("/bulk/imports/" + encodePathSegment(importId));
    return request(uri, key, apiVersion, settings).GET().build();
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
      HttpResponse<byte[]> response = await(http.sendAsync(request, LimitedBody.handler(settings.maxBodyBytes())));
      code = response.statusCode();
      if (code >= 200 && code < 300) {
        return response.body();
      }
      String message =
          ErrorBodies.message(json, new String(response.body(), StandardCharsets.UTF_8), key::redact);
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
