package io.github.pineconeimport.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.pineconeimport.pinecone.BulkImport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A stand-in for Pinecone's bulk import API on an index host, on loopback, since Pinecone's own
 * emulator has no imports. It follows the OpenAPI specs in shared/pinecone: camelCase bodies,
 * optional fields left out while unknown, {@code {"code","message","details"}} errors, and the
 * gateway's plain-text 401. Imports move along their {@link ImportScript} on a clock the caller
 * controls; faults are queued per import or globally; every request is recorded.
 */
public final class FakePineconeServer implements AutoCloseable {

  public static final String API_KEY_HEADER = "Api-Key";
  public static final String VERSION_HEADER = "X-Pinecone-Api-Version";
  private static final String IMPORTS = "/bulk/imports";

  /**
   * One request as the fake saw it. The key itself is not kept, only whether it was accepted
   * (its header value reads "***").
   */
  public record Request(String method, String path, String query, String apiVersion,
      boolean apiKeyPresent, boolean apiKeyAccepted, String contentType, Instant time,
      long receivedNanos, int status, Map<String, String> headers, String body) {

    /** The import ID for /bulk/imports/{id}, decoded. */
    public Optional<String> importId() {
      if (!path.startsWith(IMPORTS + "/")) {
        return Optional.empty();
      }
      return Optional.of(URLDecoder.decode(path.substring(IMPORTS.length() + 1),
          StandardCharsets.UTF_8));
    }
  }

  private final class FakeImport {
    final String id;
    final String uri;
    final ImportScript script;
    final Instant createdAt;
    volatile Instant cancelledAt;
    final Deque<Fault> faults = new ArrayDeque<>();
    /** Distinct states served to clients, in order (for "visible changes" counts). */
    final List<String> served = new CopyOnWriteArrayList<>();

    FakeImport(String id, String uri, ImportScript script, Instant createdAt) {
      this.id = id;
      this.uri = uri;
      this.script = script;
      this.createdAt = createdAt;
    }

    ObjectNode toJson(Instant now) {
      ObjectNode n = json.createObjectNode();
      n.put("id", id);
      n.put("uri", uri);
      n.put("createdAt", createdAt.truncatedTo(ChronoUnit.MILLIS).toString());
      ImportScript.Snapshot s = script.at(Duration.between(createdAt, now));
      boolean cancelled =
          cancelledAt != null && !(s.finished() && finishedAt().isBefore(cancelledAt));
      if (cancelled) {
        ImportScript.Snapshot before = script.at(Duration.between(createdAt, cancelledAt));
        n.put("status", BulkImport.CANCELLED);
        putNumbers(n, before);
        n.put("finishedAt", cancelledAt.truncatedTo(ChronoUnit.MILLIS).toString());
        return n;
      }
      n.put("status", s.status());
      putNumbers(n, s);
      if (s.finished()) {
        n.put("finishedAt", finishedAt().truncatedTo(ChronoUnit.MILLIS).toString());
        if (BulkImport.FAILED.equals(s.status()) && script.error() != null) {
          n.put("error", script.error());
        }
      }
      return n;
    }

    Instant finishedAt() {
      return createdAt.plus(script.total());
    }

    private void putNumbers(ObjectNode n, ImportScript.Snapshot s) {
      if (s.percentComplete() != null) {
        n.put("percentComplete", s.percentComplete());
      }
      if (s.recordsImported() != null) {
        n.put("recordsImported", s.recordsImported());
      }
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Clock clock;
  private final String apiKey;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final Map<String, FakeImport> imports = new ConcurrentHashMap<>();
  private final Deque<Fault> globalFaults = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  // per exchange, not HttpExchange attributes: before JDK 18 those are shared by the whole context
  private final Map<HttpExchange, Arrival> arriving = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1000);
  private volatile boolean snakeCase;
  private volatile boolean recordRequests = true;
  private final AtomicLong requestCount = new AtomicLong();
  // counters, unlike the request log, stay flat in memory however long a benchmark runs
  private final Map<String, LongAdder> requestsByImport = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> requestsByVerbAndPath = new ConcurrentHashMap<>();

  private FakePineconeServer(HttpServer server, Clock clock, String apiKey, int threads) {
    this.server = server;
    this.clock = clock;
    this.apiKey = apiKey;
    this.executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "fake-pinecone");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts on 127.0.0.1.
   *
   * @param port 0 for any free port
   * @param apiKey the only key accepted; null accepts any non-empty key
   */
  public static FakePineconeServer start(int port, String apiKey, Clock clock) throws IOException {
    return start(port, apiKey, clock, 8);
  }

  public static FakePineconeServer start(int port, String apiKey, Clock clock, int threads)
      throws IOException {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
    var fake = new FakePineconeServer(http, clock, apiKey, threads);
    http.start();
    return fake;
  }

  /** host:port, as a PineconeImport's spec.indexHost would name it. */
  public String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The PINECONE_ALLOWED_HOSTS entry that lets the operator reach this fake over http. */
  public String allowedHostEntry() {
    return "http://" + hostAndPort();
  }

  public String baseUrl() {
    return "http://" + hostAndPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Adds an import with a fixed ID, created now. */
  public FakePineconeServer seed(String id, ImportScript script) {
    return seed(id, "s3://demo-bucket/" + id + "/", script);
  }

  public FakePineconeServer seed(String id, String uri, ImportScript script) {
    imports.put(id, new FakeImport(id, uri, script, clock.instant()));
    return this;
  }

  /** Queues faults that the next requests for this import get, one each, in order. */
  public FakePineconeServer fault(String importId, Fault... faults) {
    FakeImport imp = imports.get(importId);
    if (imp == null) {
      throw new IllegalArgumentException("no import " + importId);
    }
    synchronized (imp.faults) {
      imp.faults.addAll(List.of(faults));
    }
    return this;
  }

  /** Queues faults for the next requests of any kind. */
  public FakePineconeServer faultAll(Fault... faults) {
    synchronized (globalFaults) {
      globalFaults.addAll(List.of(faults));
    }
    return this;
  }

  /** Answer in the snake_case spelling some documentation prints. */
  public FakePineconeServer useSnakeCase(boolean on) {
    this.snakeCase = on;
    return this;
  }

  /** Benchmarks turn the per-request log off to keep memory flat; counters stay. */
  public FakePineconeServer recordRequests(boolean on) {
    this.recordRequests = on;
    return this;
  }

  /** Cancels like DELETE would. */
  public void cancel(String id) {
    FakeImport imp = imports.get(id);
    if (imp != null && imp.cancelledAt == null
        && !imp.script.at(Duration.between(imp.createdAt, clock.instant())).finished()) {
      imp.cancelledAt = clock.instant();
    }
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> requestsFor(String importId) {
    return requests.stream().filter(r -> r.importId().filter(importId::equals).isPresent())
        .toList();
  }

  public long requestCount() {
    return requestCount.get();
  }

  /** Requests for /bulk/imports/{importId}, counted even when the request log is off. */
  public long requestCount(String importId) {
    LongAdder n = requestsByImport.get(importId);
    return n == null ? 0 : n.sum();
  }

  /** Requests so far by verb and path shape, e.g. {@code GET /bulk/imports/{id}}. */
  public Map<String, Long> requestsByVerbAndPath() {
    Map<String, Long> out = new TreeMap<>();
    requestsByVerbAndPath.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Distinct consecutive states of this import that the fake has served. */
  public List<String> servedStates(String importId) {
    FakeImport imp = imports.get(importId);
    return imp == null ? List.of() : List.copyOf(imp.served);
  }

  /** The current state of an import as GET would answer it (without counting as a request). */
  public Optional<String> currentStatus(String importId) {
    FakeImport imp = imports.get(importId);
    return imp == null ? Optional.empty()
        : Optional.of(imp.toJson(clock.instant()).path("status").asText());
  }

  public void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- request handling

  /** A request on its way through {@link #handle}: logged once, before its answer leaves. */
  private static final class Arrival {
    final String path;
    final long receivedNanos;
    String body = "";
    boolean logged;

    Arrival(String path, long receivedNanos) {
      this.path = path;
      this.receivedNanos = receivedNanos;
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    requestCount.incrementAndGet();
    int status = 500;
    String path = ex.getRequestURI().getRawPath();
    var arrival = new Arrival(path, System.nanoTime());
    arriving.put(ex, arrival);
    String body = "";
    count(ex.getRequestMethod(), path);
    try {
      // read up front so the request log has it; bodies here are small JSON
      body = new String(ex.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8);
      arrival.body = body;
      Fault fault = nextFault(path);
      if (fault instanceof Fault.Slow slow) {
        sleep(slow.delay());
        fault = null;
      }
      if (fault instanceof Fault.Drop) {
        status = 0;
        ex.close();
        return;
      }
      if (!apiKeyAccepted(ex)) {
        status = send(ex, 401, "Unauthorized", "text/plain");
        return;
      }
      if (fault instanceof Fault.Respond r) {
        if (r.retryAfter() != null) {
          ex.getResponseHeaders().add("Retry-After", r.retryAfter());
        }
        status = send(ex, r.status(), r.body(), r.contentType());
        return;
      }
      if (fault instanceof Fault.Malformed) {
        status = send(ex, 200, "<html>upstream error</html>", "text/html");
        return;
      }
      status = route(ex, path, body);
    } catch (RuntimeException e) {
      status = send(ex, 500, error(500, "internal error in fake: " + e.getClass().getSimpleName()),
          "application/json");
    } finally {
      logOnce(ex, status);
      arriving.remove(ex);
    }
  }

  /**
   * Logs the request, once. {@link #send} calls it before the answer leaves, so a client that
   * holds its answer finds its request in {@link #requests()}; a dropped request is logged last.
   */
  private void logOnce(HttpExchange ex, int status) {
    Arrival a = arriving.get(ex);
    if (a != null && !a.logged) {
      a.logged = true;
      record(ex, a.path, a.body, a.receivedNanos, status);
    }
  }

  private int route(HttpExchange ex, String path, String body) throws IOException {
    String method = ex.getRequestMethod();
    if (path.equals(IMPORTS) || path.equals(IMPORTS + "/")) {
      return switch (method) {
        case "GET" -> list(ex);
        case "POST" -> startImport(ex, body);
        default -> send(ex, 405, error(405, "method not allowed"), "application/json");
      };
    }
    if (path.startsWith(IMPORTS + "/")) {
      String id = URLDecoder.decode(path.substring(IMPORTS.length() + 1), StandardCharsets.UTF_8);
      if (id.isEmpty() || id.length() > 1000) {
        return send(ex, 400, error(3, "id must be 1 to 1000 characters"), "application/json");
      }
      FakeImport imp = imports.get(id);
      if (imp == null) {
        return send(ex, 404, error(5, "Import " + id + " not found"), "application/json");
      }
      return switch (method) {
        case "GET" -> describe(ex, imp);
        case "DELETE" -> {
          cancel(id);
          yield send(ex, 200, "{}", "application/json");
        }
        default -> send(ex, 405, error(405, "method not allowed"), "application/json");
      };
    }
    return send(ex, 404, error(5, "Not found: " + path), "application/json");
  }

  private int describe(HttpExchange ex, FakeImport imp) throws IOException {
    ObjectNode body = imp.toJson(clock.instant());
    String state = body.path("status").asText() + "|" + body.path("percentComplete").asText("")
        + "|" + body.path("recordsImported").asText("");
    synchronized (imp.served) {
      if (imp.served.isEmpty() || !imp.served.get(imp.served.size() - 1).equals(state)) {
        imp.served.add(state);
      }
    }
    return send(ex, 200, json.writeValueAsString(snakeCase ? toSnake(body) : body),
        "application/json");
  }

  private int list(HttpExchange ex) throws IOException {
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    int limit = 100;
    if (query.containsKey("limit")) {
      try {
        limit = Integer.parseInt(query.get("limit"));
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 100) {
        return send(ex, 400, error(3, "limit must be between 1 and 100"), "application/json");
      }
    }
    int offset = 0;
    if (query.containsKey("paginationToken")) {
      try {
        offset = Integer.parseInt(new String(
            Base64.getUrlDecoder().decode(query.get("paginationToken")), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return send(ex, 400, error(3, "invalid paginationToken"), "application/json");
      }
    }
    List<FakeImport> sorted = new ArrayList<>(new TreeMap<>(imports).values());
    ObjectNode body = json.createObjectNode();
    var data = body.putArray("data");
    Instant now = clock.instant();
    int end = Math.min(sorted.size(), offset + limit);
    for (int i = offset; i < end; i++) {
      data.add(snakeCase ? toSnake(sorted.get(i).toJson(now)) : sorted.get(i).toJson(now));
    }
    if (end < sorted.size()) {
      body.putObject("pagination").put("next", Base64.getUrlEncoder().withoutPadding()
          .encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8)));
    }
    return send(ex, 200, json.writeValueAsString(body), "application/json");
  }

  private int startImport(HttpExchange ex, String text) throws IOException {
    JsonNode body;
    try {
      body = json.readTree(text);
    } catch (IOException e) {
      return send(ex, 400, error(3, "request body is not JSON"), "application/json");
    }
    if (body == null || !body.path("uri").isTextual()) {
      return send(ex, 400, error(3, "uri is required"), "application/json");
    }
    String uri = body.path("uri").asText();
    if (uri.isEmpty() || uri.length() > 1500) {
      return send(ex, 400, error(3, "uri must be 1 to 1500 characters"), "application/json");
    }
    JsonNode onError = body.path("errorMode").path("onError");
    if (!onError.isMissingNode() && !onError.asText().matches("abort|continue")) {
      return send(ex, 400, error(3, "errorMode.onError must be abort or continue"),
          "application/json");
    }
    String id = Long.toString(nextId.incrementAndGet());
    seed(id, uri, ImportScript.quick());
    return send(ex, 200, "{\"id\":\"" + id + "\"}", "application/json");
  }

  // ---------------------------------------------------------------- helpers

  private void count(String method, String path) {
    String shape = path;
    if (path.startsWith(IMPORTS + "/") && path.length() > IMPORTS.length() + 1) {
      shape = IMPORTS + "/{id}";
      requestsByImport.computeIfAbsent(
          URLDecoder.decode(path.substring(IMPORTS.length() + 1), StandardCharsets.UTF_8),
          k -> new LongAdder()).increment();
    }
    requestsByVerbAndPath.computeIfAbsent(method + " " + shape, k -> new LongAdder()).increment();
  }

  private Fault nextFault(String path) {
    synchronized (globalFaults) {
      if (!globalFaults.isEmpty()) {
        return globalFaults.poll();
      }
    }
    if (path.startsWith(IMPORTS + "/")) {
      FakeImport imp = imports.get(
          URLDecoder.decode(path.substring(IMPORTS.length() + 1), StandardCharsets.UTF_8));
      if (imp != null) {
        synchronized (imp.faults) {
          return imp.faults.poll();
        }
      }
    }
    return null;
  }

  private boolean apiKeyAccepted(HttpExchange ex) {
    String given = ex.getRequestHeaders().getFirst(API_KEY_HEADER);
    if (given == null || given.isBlank()) {
      return false;
    }
    return apiKey == null || apiKey.equals(given);
  }

  private void record(HttpExchange ex, String path, String body, long receivedNanos, int status) {
    if (!recordRequests) {
      return;
    }
    String given = ex.getRequestHeaders().getFirst(API_KEY_HEADER);
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k,
        k.equalsIgnoreCase(API_KEY_HEADER) ? "***" : String.join(",", v)));
    requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(),
        ex.getRequestHeaders().getFirst(VERSION_HEADER), given != null,
        apiKeyAccepted(ex), ex.getRequestHeaders().getFirst("Content-Type"), clock.instant(),
        receivedNanos, status, headers, body));
  }

  private int send(HttpExchange ex, int status, String body, String contentType)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    logOnce(ex, status);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
    return status;
  }

  private String error(int code, String message) {
    ObjectNode n = json.createObjectNode();
    n.put("code", code);
    n.put("message", message);
    n.putArray("details");
    return n.toString();
  }

  private static ObjectNode toSnake(ObjectNode camel) {
    ObjectNode snake = camel.objectNode();
    camel.fields().forEachRemaining(e -> snake.set(
        e.getKey().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT), e.getValue()));
    return snake;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
