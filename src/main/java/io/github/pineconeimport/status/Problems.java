package io.github.pineconeimport.status;

import io.github.pineconeimport.pinecone.ApiVersion;
import io.github.pineconeimport.pinecone.PineconeApiException;

/**
 * Pure: turns a failed call to Pinecone into a {@link Problem} with a message a person can act on.
 */
public final class Problems {

  private Problems() {}

  public static Problem fromApi(
      PineconeApiException e, String importId, String host, String secretName) {
    return fromApi(e, importId, host, secretName, null);
  }

  /**
   * @param version the version sent and where it came from, so that a refused version names the
   *     setting to change; null when unknown
   */
  public static Problem fromApi(
      PineconeApiException e, String importId, String host, String secretName, ApiVersion version) {
    if (e.apiVersionUnsupported()) {
      return apiVersionUnsupported(e, version);
    }
    String detail = e.isTransient() ? e.summary() : e.getMessage();
    return switch (e.kind()) {
      case TIMEOUT ->
          new Problem(
              Reason.PineconeTimeout, detail + " (host " + host + "); retrying with backoff");
      case CONNECTION ->
          new Problem(
              Reason.PineconeUnreachable, detail + " at " + host + "; retrying with backoff");
      case MALFORMED_RESPONSE ->
          new Problem(Reason.MalformedResponse, detail + "; retrying with backoff");
      case REDIRECT ->
          new Problem(
              Reason.UnexpectedRedirect,
              detail + "; check that spec.indexHost is the index host from Pinecone's console");
      case HTTP_STATUS -> fromStatus(e, importId, host, secretName, detail);
    };
  }

  /**
   * A start Pinecone refused for certain (a 4xx other than 408). The key's own trouble keeps its
   * reasons (fixing the Secret retries); anything else is {@code StartRefused} with Pinecone's
   * message, which says what is wrong (a bad uri, an unknown integration, a limit).
   */
  public static Problem startRefused(PineconeApiException e, String host, String secretName) {
    return startRefused(e, host, secretName, null);
  }

  /** {@link #startRefused(PineconeApiException, String, String)} knowing the version sent. */
  public static Problem startRefused(
      PineconeApiException e, String host, String secretName, ApiVersion version) {
    if (e.apiVersionUnsupported()) {
      // not StartRefused: that waits for a spec change, and an operator setting may be the fix
      return apiVersionUnsupported(e, version);
    }
    if (e.statusCode() == 401 || e.statusCode() == 403) {
      return fromStatus(e, null, host, secretName, e.getMessage());
    }
    return new Problem(
        Reason.StartRefused,
        "Pinecone refused to start the import: "
            + e.getMessage()
            + "; fix what it names (the files under spec.source.uri, their permissions, the"
            + " storage integration in Pinecone), then set spec.rerun to a new value to try again"
            + " (spec.source itself cannot change: a different source needs a new resource)");
  }

  /**
   * Pinecone refuses the version itself: nothing works until the version changes, so the message
   * names the one setting that chose it.
   */
  public static Problem apiVersionUnsupported(PineconeApiException e, ApiVersion version) {
    String sent = version == null ? "" : " " + version.value();
    String fix;
    if (version == null) {
      fix =
          "set "
              + ApiVersion.SPEC_FIELD
              + " to a version Pinecone supports, or remove it to use the"
              + " operator's "
              + ApiVersion.OPERATOR_SETTING;
    } else if (version.pinned()) {
      fix =
          "this resource pins it with "
              + ApiVersion.SPEC_FIELD
              + ": change it to a version Pinecone supports (e.g. "
              + ApiVersion.NEWEST_TESTED
              + "), or remove it to use the operator's "
              + ApiVersion.OPERATOR_SETTING;
    } else {
      fix =
          "it comes from the operator's "
              + ApiVersion.OPERATOR_SETTING
              + " (Helm value pineconeApiVersion): ask its administrators to raise it, or pin a"
              + " supported version with "
              + ApiVersion.SPEC_FIELD;
    }
    return new Problem(
        Reason.ApiVersionUnsupported,
        "Pinecone does not accept API version" + sent + " (" + e.getMessage() + "); " + fix);
  }

  /** A start whose answer was lost: it may exist, so the list decides before any new start. */
  public static Problem startUnconfirmed(PineconeApiException e, String host) {
    return new Problem(
        Reason.StartUnconfirmed,
        "The start may have reached Pinecone ("
            + e.summary()
            + ", host "
            + host
            + "); checking the import list before starting again",
        e.retryAfter().orElse(null));
  }

  private static Problem fromStatus(
      PineconeApiException e, String importId, String host, String secretName, String detail) {
    int code = e.statusCode();
    if (code == 401) {
      return new Problem(
          Reason.Unauthorized,
          detail + "; the API key in Secret " + secretName + " was rejected, update the Secret");
    }
    if (code == 403) {
      return new Problem(
          Reason.Forbidden,
          detail
              + "; the API key in Secret "
              + secretName
              + " may not read imports on this index, use a key of the index's project");
    }
    if (code == 404) {
      return new Problem(
          Reason.ImportNotFound,
          detail
              + "; no import '"
              + importId
              + "' on "
              + host
              + ", check spec.importId and spec.indexHost");
    }
    // Transient messages name the class of error, not the exact code: a run of 500, 502, 503
    // is one episode for the user and must not rewrite status on every attempt.
    if (code == 429) {
      return new Problem(
          Reason.RateLimited,
          "Pinecone is rate limiting requests (HTTP 429); retrying later",
          e.retryAfter().orElse(null));
    }
    if (e.isTransient()) {
      return new Problem(
          Reason.PineconeUnavailable,
          "Pinecone is unavailable (HTTP "
              + (code == 408 ? "408" : "5xx")
              + "); retrying with backoff",
          e.retryAfter().orElse(null));
    }
    return new Problem(
        Reason.BadRequest, detail + "; check spec.importId and spec.pineconeApiVersion");
  }
}
