package io.github.pineconeimport.fake;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts Kubernetes API requests by verb and path shape, status writes per PineconeImport and
 * requests per PineconeImport. The mock API server feeds it what it served; against a real cluster
 * the bench's clients feed it what they sent, so both count the same things the same way.
 */
public final class KubeRequestTally {

  private static final Pattern STATUS_WRITE =
      Pattern.compile(
          "/apis/pinecone\\.io/v1alpha1/namespaces/[^/]+/pineconeimports/[^/?]+/status.*");
  private static final Pattern IMPORT_PATH =
      Pattern.compile("/apis/pinecone\\.io/v1alpha1/namespaces/[^/]+/pineconeimports/([^/?]+).*");
  private static final Pattern NAMES =
      Pattern.compile("/(namespaces|pineconeimports|secrets|events|leases)/[^/?]+");

  private final LongAdder requests = new LongAdder();
  private final LongAdder statusWrites = new LongAdder();
  private final LongAdder eventWrites = new LongAdder();
  private final Map<String, LongAdder> statusWritesByResource = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> callCounts = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> requestsByImport = new ConcurrentHashMap<>();

  /** The path without its query string. */
  public static String pathOnly(String path) {
    return path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
  }

  /** The verb a request counts as: WATCH for a watch, else its HTTP method. */
  public static String verb(String method, String path) {
    return path.contains("watch=true") ? "WATCH" : method;
  }

  /** A path with object names replaced by {name}, so calls of one kind count together. */
  public static String shape(String pathOnly) {
    return NAMES.matcher(pathOnly).replaceAll("/$1/{name}");
  }

  /** Counts one request; {@code path} may carry a query string. */
  public void count(String method, String path) {
    requests.increment();
    String pathOnly = pathOnly(path);
    boolean write = method.equals("PATCH") || method.equals("PUT") || method.equals("POST");
    if (write && STATUS_WRITE.matcher(pathOnly).matches()) {
      statusWrites.increment();
      String resource = pathOnly.substring(0, pathOnly.length() - "/status".length());
      statusWritesByResource
          .computeIfAbsent(resource.substring(resource.lastIndexOf('/') + 1), k -> new LongAdder())
          .increment();
    }
    if (write && pathOnly.contains("/events")) {
      eventWrites.increment();
    }
    callCounts
        .computeIfAbsent(verb(method, path) + " " + shape(pathOnly), k -> new LongAdder())
        .increment();
    Matcher imp = IMPORT_PATH.matcher(pathOnly);
    if (imp.matches()) {
      requestsByImport.computeIfAbsent(imp.group(1), k -> new LongAdder()).increment();
    }
  }

  public long requests() {
    return requests.sum();
  }

  public long statusWrites() {
    return statusWrites.sum();
  }

  /** Status writes to one PineconeImport, by name. */
  public long statusWrites(String name) {
    LongAdder n = statusWritesByResource.get(name);
    return n == null ? 0 : n.sum();
  }

  public long eventWrites() {
    return eventWrites.sum();
  }

  /** Requests so far by "VERB shape", watches included. */
  public Map<String, Long> callCounts() {
    Map<String, Long> out = new HashMap<>();
    callCounts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Requests of any verb to one PineconeImport (and its status), by name. */
  public long requests(String name) {
    LongAdder n = requestsByImport.get(name);
    return n == null ? 0 : n.sum();
  }
}
