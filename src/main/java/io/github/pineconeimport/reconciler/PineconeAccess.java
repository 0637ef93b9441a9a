package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.config.Durations;
import io.github.pineconeimport.pinecone.ApiKey;
import io.github.pineconeimport.pinecone.ApiVersion;
import io.github.pineconeimport.pinecone.HostPolicy;
import io.github.pineconeimport.pinecone.IndexEndpoint;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Reason;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything that must hold before any request goes to Pinecone (a readable spec, an allowed host,
 * the key), shared by tracking, starting, cancelling and deleting: one place decides whether the
 * key may leave the cluster.
 */
public final class PineconeAccess {

  /** Where and how to call Pinecone for one resource. */
  record Granted(IndexEndpoint endpoint, ApiKey key, ApiVersion version) {

    /** The X-Pinecone-Api-Version header's value. */
    String apiVersion() {
      return version.value();
    }
  }

  /** Exactly one of granted and problem is set. */
  record Result(Granted granted, Problem problem) {}

  static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);

  /** The CRD's pattern, for a resource stored before the pattern existed. */
  private static final Pattern IMPORT_ID = Pattern.compile(PineconeImportSpec.IMPORT_ID_PATTERN);

  /** The CRD's bound too, for a resource stored before the bound existed. */
  static final Duration MAX_POLL_INTERVAL = Duration.ofHours(24);

  private final HostPolicy hosts;
  private final String secretLabelSelector;
  private final String defaultApiVersion;

  /**
   * @param defaultApiVersion the operator's PINECONE_API_VERSION, sent for a resource that pins
   *     none
   */
  public PineconeAccess(HostPolicy hosts, String secretLabelSelector, String defaultApiVersion) {
    this.hosts = hosts;
    this.secretLabelSelector = secretLabelSelector;
    this.defaultApiVersion = defaultApiVersion;
  }

  Result check(PineconeImport resource, ImportContext context) {
    PineconeImportSpec spec = resource.getSpec();
    if (spec == null) {
      return denied(Reason.InvalidSpec, "spec is missing");
    }
    Result forCancel = checkForCancel(resource, context);
    if (forCancel.problem() != null && forCancel.problem().reason() == Reason.InvalidSpec) {
      return forCancel;
    }
    Optional<Problem> invalid = invalidForTracking(spec);
    return invalid.isPresent() ? new Result(null, invalid.get()) : forCancel;
  }

  /**
   * The fields a start or a poll needs beyond the host and the key: which import, how often. A
   * cancel needs none of them, so a spec made invalid later still lets its import be cancelled.
   */
  private static Optional<Problem> invalidForTracking(PineconeImportSpec spec) {
    boolean hasId = spec.getImportId() != null && !spec.getImportId().isEmpty();
    boolean hasSource =
        spec.getSource() != null
            && spec.getSource().getUri() != null
            && !spec.getSource().getUri().isEmpty();
    if (hasId == hasSource) {
      return Optional.of(
          new Problem(
              Reason.InvalidSpec,
              "exactly one of spec.source (start an import) and spec.importId (track one) is"
                  + " required"));
    }
    if (hasId && !IMPORT_ID.matcher(spec.getImportId()).matches()) {
      // stored before the CRD had this pattern: a newline here would reach log lines
      return Optional.of(
          new Problem(
              Reason.InvalidSpec,
              "spec.importId holds '/' or a control character; use the ID that POST /bulk/imports"
                  + " returned"));
    }
    if (hasId && PineconeClient.isDotSegment(spec.getImportId())) {
      return Optional.of(
          new Problem(
              Reason.InvalidSpec,
              "spec.importId '"
                  + spec.getImportId()
                  + "' is a path step ('.' or '..'), not an import ID; use the ID that POST"
                  + " /bulk/imports returned"));
    }
    Optional<Duration> interval = Durations.parse(spec.effectivePollInterval());
    if (interval.isEmpty()
        || interval.get().compareTo(MIN_POLL_INTERVAL) < 0
        || interval.get().compareTo(MAX_POLL_INTERVAL) > 0) {
      return Optional.of(
          new Problem(
              Reason.InvalidSpec,
              "spec.pollInterval '"
                  + spec.getPollInterval()
                  + "' must be a duration from 1s to 24h, e.g. 30s or 2m"));
    }
    return Optional.empty();
  }

  /** What a cancel needs: an allowed host and the key. */
  Result checkForCancel(PineconeImport resource, ImportContext context) {
    PineconeImportSpec spec = resource.getSpec();
    if (spec == null) {
      return denied(Reason.InvalidSpec, "spec is missing");
    }
    Optional<IndexEndpoint> requested = IndexEndpoint.parse(spec.getIndexHost());
    if (requested.isEmpty() || !requested.get().scheme().equals("https")) {
      return denied(
          Reason.InvalidSpec,
          "spec.indexHost '"
              + spec.getIndexHost()
              + "' is not a host name with an optional port (and optional https://), e.g."
              + " products-abc123.svc.aped-4627-b74a.pinecone.io: dot-separated labels of 1-63"
              + " letters, digits or inner hyphens, the last one starting with a letter (or an IPv4"
              + " address), and a port of 1-65535");
    }
    boolean httpsWritten = IndexEndpoint.schemeWritten(spec.getIndexHost());
    Optional<IndexEndpoint> endpoint = hosts.resolve(requested.get(), httpsWritten);
    if (endpoint.isEmpty() && httpsWritten && hosts.resolve(requested.get()).isPresent()) {
      return denied(
          Reason.HostNotAllowed,
          "index host '"
              + spec.getIndexHost()
              + "' is written with https://, but the operator's"
              + " PINECONE_ALLOWED_HOSTS ("
              + hosts
              + ") allows it only over plain http; the"
              + " operator does not downgrade what you wrote: drop https:// to use http, or allow"
              + " the host over https; no request was sent");
    }
    if (endpoint.isEmpty()) {
      return denied(
          Reason.HostNotAllowed,
          "index host '"
              + spec.getIndexHost()
              + "' is not allowed by the operator's"
              + " PINECONE_ALLOWED_HOSTS ("
              + hosts
              + "); no request was sent");
    }
    var key =
        new ApiKeyResolver(context.secrets()::read, secretLabelSelector)
            .resolve(resource, endpoint.get());
    if (key.problem() != null) {
      return new Result(null, key.problem());
    }
    ApiVersion version = ApiVersion.choose(spec.getPineconeApiVersion(), defaultApiVersion);
    return new Result(new Granted(endpoint.get(), key.key(), version), null);
  }

  private static Result denied(Reason reason, String message) {
    return new Result(null, new Problem(reason, message));
  }
}
