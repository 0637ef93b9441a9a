package io.github.pineconeimport.config;

import io.github.pineconeimport.pinecone.ApiVersion;
import io.github.pineconeimport.pinecone.HostPolicy;
import io.github.pineconeimport.pinecone.PineconeClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every setting of the operator, read from the environment in one place, with defaults. Bad values
 * stop the operator at start-up with a message naming the variable.
 *
 * @param watchNamespaces empty means all namespaces
 * @param secretLabelSelector the Kubernetes label selector a Secret must match to be seen and read
 *     at all; empty only when the operator was told to read every Secret ({@value #EVERY_SECRET}),
 *     which is unsafe on a shared cluster
 * @param hostRequestsPerSecond the request budget of each index host, shared by every import on it;
 *     a 429 halves it for a while
 * @param pineconeApiVersion the X-Pinecone-Api-Version sent for a resource whose spec pins none
 */
public record OperatorConfig(
    HostPolicy allowedHosts,
    Set<String> watchNamespaces,
    PineconeClient.Settings http,
    Duration maxBackoff,
    Duration stalledRetry,
    int reconcileThreads,
    boolean leaderElection,
    String leaderElectionNamespace,
    String leaderElectionLeaseName,
    LeaseTiming leaseTiming,
    String podName,
    String podNamespace,
    int healthPort,
    Duration shutdownTimeout,
    Duration startClockSkew,
    Duration deletionTimeout,
    String secretLabelSelector,
    int hostRequestsPerSecond,
    int maxRunningImportsPerIndex,
    String pineconeApiVersion) {

  /**
   * How long a Lease holds, how long the leader keeps trying to renew it, how often candidates
   * retry: a standby takes over at most {@code duration} after the leader died.
   */
  public record LeaseTiming(Duration duration, Duration renewDeadline, Duration retryPeriod) {

    /** client-go's and JOSDK's defaults. */
    public static final LeaseTiming DEFAULT =
        new LeaseTiming(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

    /**
     * @throws IllegalArgumentException unless retry period < renew deadline < duration
     */
    public LeaseTiming {
      if (renewDeadline.compareTo(duration) >= 0) {
        throw new IllegalArgumentException(
            LEASE_RENEW_DEADLINE
                + " ("
                + Durations.format(renewDeadline)
                + ") must be shorter than "
                + LEASE_DURATION
                + " ("
                + Durations.format(duration)
                + "), or two replicas could both lead");
      }
      if (retryPeriod.compareTo(renewDeadline) >= 0) {
        throw new IllegalArgumentException(
            LEASE_RETRY_PERIOD
                + " ("
                + Durations.format(retryPeriod)
                + ") must be shorter than "
                + LEASE_RENEW_DEADLINE
                + " ("
                + Durations.format(renewDeadline)
                + "), or the leader gets no second try to renew");
      }
    }
  }

  public static final String ALLOWED_HOSTS = "PINECONE_ALLOWED_HOSTS";
  public static final String WATCH_NAMESPACES = "WATCH_NAMESPACES";
  public static final String CONNECT_TIMEOUT = "PINECONE_CONNECT_TIMEOUT";
  public static final String REQUEST_TIMEOUT = "PINECONE_REQUEST_TIMEOUT";
  public static final String MAX_RESPONSE_BYTES = "PINECONE_MAX_RESPONSE_BYTES";
  public static final String MAX_BACKOFF = "MAX_BACKOFF";
  public static final String STALLED_RETRY = "STALLED_RETRY_INTERVAL";
  public static final String RECONCILE_THREADS = "RECONCILE_THREADS";
  public static final String LEADER_ELECTION = "LEADER_ELECTION";
  public static final String LEADER_ELECTION_NAMESPACE = "LEADER_ELECTION_NAMESPACE";
  public static final String LEADER_ELECTION_LEASE = "LEADER_ELECTION_LEASE_NAME";
  public static final String LEASE_DURATION = "LEADER_ELECTION_LEASE_DURATION";
  public static final String LEASE_RENEW_DEADLINE = "LEADER_ELECTION_RENEW_DEADLINE";
  public static final String LEASE_RETRY_PERIOD = "LEADER_ELECTION_RETRY_PERIOD";

  /** Only Secrets with these labels are watched and read (a Kubernetes label selector). */
  public static final String SECRET_LABEL_SELECTOR = "SECRET_LABEL_SELECTOR";

  /** The label a Secret's owner sets to let imports use it. */
  public static final String API_KEY_LABEL = "pinecone.io/api-key";

  /** By default a Secret is used only when its owner opted in with {@link #API_KEY_LABEL}. */
  public static final String DEFAULT_SECRET_LABEL_SELECTOR = API_KEY_LABEL + "=true";

  /**
   * SECRET_LABEL_SELECTOR's explicit opt-out: any Secret an import names may be read. A blank value
   * keeps the default, so an empty Helm value or a typo never opens every Secret.
   */
  public static final String EVERY_SECRET = "*";

  public static final String POD_NAME = "POD_NAME";

  /**
   * The operator's own namespace (downward API): where it reports what outlives a deleted
   * namespace, such as an import it could not cancel.
   */
  public static final String POD_NAMESPACE = "POD_NAMESPACE";

  public static final String HEALTH_PORT = "HEALTH_PORT";

  /** How long SIGTERM waits for running reconciles; keep below terminationGracePeriodSeconds. */
  public static final String SHUTDOWN_TIMEOUT = "SHUTDOWN_TIMEOUT";

  /** Allowed difference between our clock and Pinecone's when adopting a start (createdAt). */
  public static final String START_CLOCK_SKEW = "START_CLOCK_SKEW";

  /** How long a deletion keeps trying to cancel through Pinecone trouble before it lets go. */
  public static final String DELETION_TIMEOUT = "DELETION_TIMEOUT";

  /**
   * At most this many imports run on one index host; more starts wait in a queue (phase Queued). 0
   * or unset: no limit.
   */
  public static final String MAX_RUNNING_IMPORTS_PER_INDEX = "MAX_RUNNING_IMPORTS_PER_INDEX";

  /** Pinecone publishes about 100 requests/s per index for its other data-plane calls. */
  public static final String HOST_REQUESTS_PER_SECOND = "PINECONE_HOST_REQUESTS_PER_SECOND";

  /**
   * The Pinecone API version for resources that pin none. Kept out of the CRD's schema defaults on
   * purpose: the API server would write a default into every stored object, where a later release
   * could never move it.
   */
  public static final String PINECONE_API_VERSION = ApiVersion.OPERATOR_SETTING;

  /** Reads the settings; throws IllegalArgumentException naming the variable when one is wrong. */
  public static OperatorConfig fromEnv(Map<String, String> env) {
    var defaults = PineconeClient.Settings.defaults();
    return new OperatorConfig(
        HostPolicy.parse(env.getOrDefault(ALLOWED_HOSTS, HostPolicy.DEFAULT)),
        namespaces(env.getOrDefault(WATCH_NAMESPACES, "")),
        new PineconeClient.Settings(
            duration(env, CONNECT_TIMEOUT, defaults.connectTimeout()),
            duration(env, REQUEST_TIMEOUT, defaults.requestTimeout()),
            integer(env, MAX_RESPONSE_BYTES, defaults.maxBodyBytes(), 1024)),
        duration(env, MAX_BACKOFF, Duration.ofMinutes(5)),
        duration(env, STALLED_RETRY, Duration.ofMinutes(2)),
        integer(env, RECONCILE_THREADS, 10, 1),
        bool(env, LEADER_ELECTION, false),
        env.getOrDefault(LEADER_ELECTION_NAMESPACE, ""),
        env.getOrDefault(LEADER_ELECTION_LEASE, "pinecone-import-operator-lease"),
        new LeaseTiming(
            duration(env, LEASE_DURATION, LeaseTiming.DEFAULT.duration()),
            duration(env, LEASE_RENEW_DEADLINE, LeaseTiming.DEFAULT.renewDeadline()),
            duration(env, LEASE_RETRY_PERIOD, LeaseTiming.DEFAULT.retryPeriod())),
        env.getOrDefault(POD_NAME, ""),
        env.getOrDefault(POD_NAMESPACE, ""),
        integer(env, HEALTH_PORT, 8080, 0),
        duration(env, SHUTDOWN_TIMEOUT, Duration.ofSeconds(20)),
        duration(env, START_CLOCK_SKEW, Duration.ofSeconds(30)),
        duration(env, DELETION_TIMEOUT, Duration.ofMinutes(2)),
        secretLabelSelector(env.get(SECRET_LABEL_SELECTOR)),
        integer(env, HOST_REQUESTS_PER_SECOND, 100, 1),
        integer(env, MAX_RUNNING_IMPORTS_PER_INDEX, 0, 0),
        apiVersion(env));
  }

  /**
   * How long after its intent a start may still be under way: the client's whole budget for one
   * request (connect plus request timeout, after which it gives up on the answer) plus the clock
   * skew between replicas.
   */
  public Duration startInFlightWindow() {
    return http.connectTimeout().plus(http.requestTimeout()).plus(startClockSkew);
  }

  public static OperatorConfig defaults() {
    return fromEnv(Map.of());
  }

  private static String secretLabelSelector(String written) {
    if (written == null || written.isBlank()) {
      return DEFAULT_SECRET_LABEL_SELECTOR;
    }
    return written.strip().equals(EVERY_SECRET) ? "" : written.strip();
  }

  private static Set<String> namespaces(String text) {
    return Arrays.stream(text.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    Duration d =
        Durations.parse(v)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        name + "='" + v + "' is not a duration such as 500ms, 30s, 2m or 1h"));
    if (d.isZero()) {
      throw new IllegalArgumentException(name + " must be greater than zero");
    }
    return d;
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "='" + v + "' is not a whole number");
    }
  }

  private static String apiVersion(Map<String, String> env) {
    String v = env.get(PINECONE_API_VERSION);
    if (v == null || v.isBlank()) {
      return ApiVersion.NEWEST_TESTED;
    }
    if (!ApiVersion.SYNTAX.matcher(v.strip()).matches()) {
      throw new IllegalArgumentException(
          PINECONE_API_VERSION
              + "='"
              + v
              + "' is not a Pinecone API version such as "
              + ApiVersion.NEWEST_TESTED
              + " (YYYY-MM)");
    }
    return v.strip();
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new IllegalArgumentException(name + "='" + v + "' is not true or false");
    };
  }
}
