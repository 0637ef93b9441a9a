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
import java.util.Set;
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
 * controls; faults are queued per import, for starts, or globally; every request is recorded.
 *
 * <p>Starts ({@code POST /bulk/imports}) are checked as Pinecone does at the request's API version
 * ({@link StartRules}), against the known storage integrations (when the test names them) and
 * against a limit of running imports; a refused start creates nothing and answers 400 in the
 * data-plane error shape. Pinecone publishes neither the answer for an unknown integration nor a
 * concurrency limit, so both are our choice: 400 with gRPC code 5 (NOT_FOUND) and 400 with code 9
 * (FAILED_PRECONDITION), never 429, because waiting a few seconds does not end either. New imports
 * get increasing numeric IDs above every seeded numeric ID.
 */
public final class FakePineconeServer implements AutoCloseable {

  public static final String API_KEY_HEADER = "Api-Key";
  public static final String VERSION_HEADER = "X-Pinecone-Api-Version";

  /** The API versions whose specs this fake follows (shared/pinecone); others are refused. */
  public static final List<String> SERVED_API_VERSIONS = List.of("2025-01", "2025-10", "2026-04");

  private static final String IMPORTS = "/bulk/imports";

  /**
   * One request as the fake saw it. The key itself is not kept, only whether it was accepted (its
   * header value reads "***").
   */
  public record Request(
      String method,
      String path,
      String query,
      String apiVersion,
      boolean apiKeyPresent,
      boolean apiKeyAccepted,
      String contentType,
      Instant time,
      long receivedNanos,
      int status,
      Map<String, String> headers,
      String body) {

    /** The import ID for /bulk/imports/{id}, decoded. */
    public Optional<String> importId() {
      if (!path.startsWith(IMPORTS + "/")) {
        return Optional.empty();
      }
      return Optional.of(
          URLDecoder.decode(path.substring(IMPORTS.length() + 1), StandardCharsets.UTF_8));
    }
  }

  private final class FakeImport {
    final String id;
    final String uri;
    final ImportScript script;
    final Instant createdAt;

    /** Creation order, which lists follow so that pages stay stable while imports are added. */
    final long seq = createdSeq.incrementAndGet();

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

    boolean running(Instant now) {
      return !BulkImport.isTerminal(toJson(now).path("status").asText());
    }

    private void putNumbers(ObjectNode n, ImportScript.Snapshot s) {
      if (s.percentComplete() != null) {
        n.put("percentComplete", s.percentComplete());
      }
      if (s.recordsImported() != null) {
        n.put("recordsImported", s.recordsImported());
      }
      BulkImport.ValidationResult v = script.validation();
      if (v != null && !BulkImport.PENDING.equals(s.status())) {
        ObjectNode result = n.putObject("validationResult");
        result.put("importSuccesses", v.importSuccesses());
        result.put("importErrors", v.importErrors());
      }
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  // per exchange, not HttpExchange attributes: before JDK 18 those are shared by the whole context
  private final Map<HttpExchange, Arrival> arriving = new ConcurrentHashMap<>();
  private final Clock clock;
  private final String apiKey;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final Map<String, FakeImport> imports = new ConcurrentHashMap<>();
  private final Deque<Fault> globalFaults = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicLong nextId = new AtomicLong(1000);
  private final AtomicLong createdSeq = new AtomicLong();
  private final Deque<Fault> startFaults = new ArrayDeque<>();
  private final Object startLock = new Object();
  private volatile ImportScript startScript = ImportScript.quick();
  private final Map<String, ImportScript> startScriptsByUri = new ConcurrentHashMap<>();
  private volatile int maxRunningImports = Integer.MAX_VALUE;
  private volatile long peakRunning;
  private volatile Set<String> knownIntegrations;
  private final Set<String> refusedVersions = ConcurrentHashMap.newKeySet();
  private final LongAdder posts = new LongAdder();
  private final Map<String, LongAdder> postsByUri = new ConcurrentHashMap<>();
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
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
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
    if (id.matches("[0-9]{1,18}")) {
      nextId.accumulateAndGet(Long.parseLong(id), Math::max);
    }
    return this;
  }

  /** The script that imports created by {@code POST /bulk/imports} follow (default: quick). */
  public FakePineconeServer startScript(ImportScript script) {
    this.startScript = script;
    return this;
  }

  /** The script for imports started from exactly this uri, instead of the default one. */
  public FakePineconeServer startScript(String uri, ImportScript script) {
    startScriptsByUri.put(uri, script);
    return this;
  }

  /**
   * Refuse a start while this many imports on the index have not finished (default: no limit). The
   * answer is 400 with gRPC code 9 FAILED_PRECONDITION; see the class comment.
   */
  public FakePineconeServer maxRunningImports(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    this.maxRunningImports = max;
    return this;
  }

  /**
   * The storage integrations that exist; a start naming another one is refused with 400 (code 5
   * NOT_FOUND). Until this is called any integrationId is accepted.
   */
  public FakePineconeServer knownIntegrations(String... ids) {
    this.knownIntegrations = Set.of(ids);
    return this;
  }

  /**
   * Queues faults that the next starts ({@code POST /bulk/imports}) get, one each, in order. A
   * plain fault answers before anything is created; {@link Fault.AfterCreate} creates first.
   */
  public FakePineconeServer faultStarts(Fault... faults) {
    synchronized (startFaults) {
      startFaults.addAll(List.of(faults));
    }
    return this;
  }

  /** Every {@code POST /bulk/imports} received, whatever came of it. */
  public long postCount() {
    return posts.sum();
  }

  /** {@code POST /bulk/imports} received with this uri in the body, whatever came of them. */
  public long postCount(String uri) {
    LongAdder n = postsByUri.get(uri);
    return n == null ? 0 : n.sum();
  }

  /** Every import on the index now, as a list request would show it, in creation order. */
  public List<BulkImport> imports() {
    Instant now = clock.instant();
    return inCreationOrder().stream()
        .map(imp -> json.convertValue(imp.toJson(now), BulkImport.class))
        .toList();
  }

  /** The imports whose uri is this one (to assert "exactly one import for this uri"). */
  public List<BulkImport> importsWithUri(String uri) {
    return imports().stream().filter(i -> uri.equals(i.uri())).toList();
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

  /**
   * Refuse requests at these API versions from now on, as Pinecone does once it retires a version
   * (see {@link #handle} for the answer).
   */
  public FakePineconeServer refuseApiVersion(String... versions) {
    refusedVersions.addAll(List.of(versions));
    return this;
  }

  /** Serve these versions again (of those {@link #SERVED_API_VERSIONS} lists). */
  public FakePineconeServer acceptApiVersion(String... versions) {
    refusedVersions.removeAll(List.of(versions));
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

  /** The most imports that were running at once, right after a start (the start included). */
  public long peakRunning() {
    return peakRunning;
  }

  /** Counts {@link #peakRunning} from now on. */
  public void resetPeakRunning() {
    peakRunning = 0;
  }

  /**
   * Forgets an import, as Pinecone's list and describe do some time after an import ended: later
   * requests for it answer 404.
   */
  public void forget(String id) {
    imports.remove(id);
  }

  /** Cancels like DELETE would. */
  public void cancel(String id) {
    FakeImport imp = imports.get(id);
    if (imp != null
        && imp.cancelledAt == null
        && !imp.script.at(Duration.between(imp.createdAt, clock.instant())).finished()) {
      imp.cancelledAt = clock.instant();
    }
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> requestsFor(String importId) {
    return requests.stream()
        .filter(r -> r.importId().filter(importId::equals).isPresent())
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
    return imp == null
        ? Optional.empty()
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
      boolean start = isStart(ex.getRequestMethod(), path);
      if (start) {
        countPost(body);
      }
      Fault fault = nextFault(path, start);
      Fault afterCreate = null;
      if (fault instanceof Fault.AfterCreate ac) {
        afterCreate = start ? ac.then() : null;
        fault = start ? null : ac.then();
      }
      if (fault instanceof Fault.Slow || fault instanceof Fault.Drop) {
        // before the key check: a slow or broken network does not look at keys
        status = answerInstead(ex, fault);
        if (status >= 0) {
          return;
        }
        fault = null;
      }
      if (!apiKeyAccepted(ex)) {
        status = send(ex, 401, "Unauthorized", "text/plain");
        return;
      }
      if (fault != null) {
        status = answerInstead(ex, fault);
        return;
      }
      String version = ex.getRequestHeaders().getFirst(VERSION_HEADER);
      if (!servesVersion(version)) {
        status = badRequest(ex, 3, versionRefusal(version));
        return;
      }
      status = start ? startImport(ex, body, afterCreate) : route(ex, path, body);
    } catch (RuntimeException e) {
      status =
          send(
              ex,
              500,
              error(500, "internal error in fake: " + e.getClass().getSimpleName()),
              "application/json");
    } finally {
      logOnce(ex, status);
      arriving.remove(ex);
    }
  }

  /**
   * Logs the request, once. {@link #send} calls it before the answer leaves, so a client that holds
   * its answer finds its request in {@link #requests()}; a dropped request is logged last.
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
    String state =
        body.path("status").asText()
            + "|"
            + body.path("percentComplete").asText("")
            + "|"
            + body.path("recordsImported").asText("");
    synchronized (imp.served) {
      if (imp.served.isEmpty() || !imp.served.get(imp.served.size() - 1).equals(state)) {
        imp.served.add(state);
      }
    }
    return send(
        ex, 200, json.writeValueAsString(snakeCase ? toSnake(body) : body), "application/json");
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
        offset =
            Integer.parseInt(
                new String(
                    Base64.getUrlDecoder().decode(query.get("paginationToken")),
                    StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return send(ex, 400, error(3, "invalid paginationToken"), "application/json");
      }
    }
    List<FakeImport> sorted = inCreationOrder();
    ObjectNode body = json.createObjectNode();
    var data = body.putArray("data");
    Instant now = clock.instant();
    int end = Math.min(sorted.size(), offset + limit);
    for (int i = offset; i < end; i++) {
      data.add(snakeCase ? toSnake(sorted.get(i).toJson(now)) : sorted.get(i).toJson(now));
    }
    if (end < sorted.size()) {
      body.putObject("pagination")
          .put(
              "next",
              Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8)));
    }
    return send(ex, 200, json.writeValueAsString(body), "application/json");
  }

  private int startImport(HttpExchange ex, String text, Fault afterCreate) throws IOException {
    JsonNode body;
    try {
      body = json.readTree(text);
    } catch (IOException e) {
      return badRequest(ex, 3, "request body is not JSON");
    }
    if (body == null || !body.path("uri").isTextual()) {
      return badRequest(ex, 3, "uri is required");
    }
    String uri = body.path("uri").asText();
    Optional<String> uriProblem =
        StartRules.uriProblem(uri, ex.getRequestHeaders().getFirst(VERSION_HEADER));
    if (uriProblem.isPresent()) {
      return badRequest(ex, 3, uriProblem.get());
    }
    JsonNode errorMode = body.path("errorMode");
    if (!errorMode.isMissingNode() && !errorMode.isObject()) {
      return badRequest(ex, 3, "errorMode must be an object");
    }
    JsonNode onError = errorMode.path("onError");
    if (!onError.isMissingNode() && !onError.asText().matches("abort|continue")) {
      return badRequest(ex, 3, "errorMode.onError must be abort or continue");
    }
    JsonNode integration = body.path("integrationId");
    if (!integration.isMissingNode() && !integration.isTextual()) {
      return badRequest(ex, 3, "integrationId must be a string");
    }
    Set<String> integrations = knownIntegrations;
    if (integration.isTextual()
        && integrations != null
        && !integrations.contains(integration.asText())) {
      return badRequest(ex, 5, "Storage integration " + integration.asText() + " not found");
    }
    String id;
    synchronized (startLock) {
      Instant now = clock.instant();
      long running = imports.values().stream().filter(imp -> imp.running(now)).count();
      if (running >= maxRunningImports) {
        return badRequest(
            ex,
            9,
            "Too many concurrent imports on this index: "
                + running
                + " have not finished, the limit is "
                + maxRunningImports);
      }
      ImportScript script = startScriptsByUri.getOrDefault(uri, startScript);
      do {
        id = Long.toString(nextId.incrementAndGet());
      } while (imports.putIfAbsent(id, new FakeImport(id, uri, script, now)) != null);
      peakRunning = Math.max(peakRunning, running + 1);
    }
    if (afterCreate != null) {
      int status = answerInstead(ex, afterCreate);
      if (status >= 0) {
        return status;
      }
    }
    return send(ex, 200, "{\"id\":\"" + id + "\"}", "application/json");
  }

  /**
   * Plays a fault in place of the real answer. Returns the status sent (0 for a dropped
   * connection), or -1 after a {@link Fault.Slow}, whose request then goes on as usual.
   */
  private int answerInstead(HttpExchange ex, Fault fault) throws IOException {
    if (fault instanceof Fault.Slow slow) {
      sleep(slow.delay());
      return -1;
    }
    if (fault instanceof Fault.Drop) {
      ex.close();
      return 0;
    }
    if (fault instanceof Fault.Respond r) {
      if (r.retryAfter() != null) {
        ex.getResponseHeaders().add("Retry-After", r.retryAfter());
      }
      return send(ex, r.status(), r.body(), r.contentType());
    }
    if (fault instanceof Fault.Malformed) {
      return send(ex, 200, "<html>upstream error</html>", "text/html");
    }
    throw new IllegalStateException("unexpected fault " + fault);
  }

  /**
   * Without the header Pinecone uses its oldest supported version, so only a version named and not
   * served is refused.
   */
  private boolean servesVersion(String version) {
    if (version == null || version.isBlank()) {
      return true;
    }
    String v = version.strip();
    return SERVED_API_VERSIONS.contains(v) && !refusedVersions.contains(v);
  }

  /**
   * Pinecone documents no answer for a version it no longer serves; this is the one we assume (see
   * ApiVersionRefusal in the client): 400, code 3 INVALID_ARGUMENT, a message that names the
   * version as unsupported.
   */
  static String versionRefusal(String version) {
    return "Unsupported API version '"
        + version
        + "': set the X-Pinecone-Api-Version header to a supported version";
  }

  private int badRequest(HttpExchange ex, int rpcCode, String message) throws IOException {
    return send(ex, 400, error(rpcCode, message), "application/json");
  }

  private List<FakeImport> inCreationOrder() {
    List<FakeImport> sorted = new ArrayList<>(imports.values());
    sorted.sort(java.util.Comparator.comparingLong(imp -> imp.seq));
    return sorted;
  }

  private static boolean isStart(String method, String path) {
    return method.equals("POST") && (path.equals(IMPORTS) || path.equals(IMPORTS + "/"));
  }

  private void countPost(String body) {
    posts.increment();
    try {
      JsonNode uri = json.readTree(body).path("uri");
      if (uri.isTextual()) {
        postsByUri.computeIfAbsent(uri.asText(), k -> new LongAdder()).increment();
      }
    } catch (IOException | RuntimeException notJson) {
      // counted in postCount() only
    }
  }

  // ---------------------------------------------------------------- helpers

  private void count(String method, String path) {
    String shape = path;
    if (path.startsWith(IMPORTS + "/") && path.length() > IMPORTS.length() + 1) {
      shape = IMPORTS + "/{id}";
      requestsByImport
          .computeIfAbsent(
              URLDecoder.decode(path.substring(IMPORTS.length() + 1), StandardCharsets.UTF_8),
              k -> new LongAdder())
          .increment();
    }
    requestsByVerbAndPath.computeIfAbsent(method + " " + shape, k -> new LongAdder()).increment();
  }

  private Fault nextFault(String path, boolean start) {
    synchronized (globalFaults) {
      if (!globalFaults.isEmpty()) {
        return globalFaults.poll();
      }
    }
    if (start) {
      synchronized (startFaults) {
        return startFaults.poll();
      }
    }
    if (path.startsWith(IMPORTS + "/")) {
      FakeImport imp =
          imports.get(
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
    ex.getRequestHeaders()
        .forEach(
            (k, v) ->
                headers.put(k, k.equalsIgnoreCase(API_KEY_HEADER) ? "***" : String.join(",", v)));
    requests.add(
        new Request(
            ex.getRequestMethod(),
            path,
            ex.getRequestURI().getRawQuery(),
            ex.getRequestHeaders().getFirst(VERSION_HEADER),
            given != null,
            apiKeyAccepted(ex),
            ex.getRequestHeaders().getFirst("Content-Type"),
            clock.instant(),
            receivedNanos,
            status,
            headers,
            body));
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
    camel
        .fields()
        .forEachRemaining(
            e ->
                snake.set(
                    e.getKey().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT),
                    e.getValue()));
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
