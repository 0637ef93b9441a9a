package io.github.pineconeimport.pinecone;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A call to Pinecone that did not give us an import. Callers decide on {@link #kind()}, {@link
 * #statusCode()}, {@link #isTransient()} and, after a start, {@link #mayHaveCreated()}, never on
 * the message. The message is built only from the status code and Pinecone's own error text (with
 * the key redacted), so it is safe to show in status, events and logs.
 */
public final class PineconeApiException extends Exception {

  /** What went wrong on the wire. */
  public enum Kind {
    /** Pinecone answered with a non-2xx status. */
    HTTP_STATUS,
    /** No answer within the configured timeout. */
    TIMEOUT,
    /** Could not connect, or the connection dropped. */
    CONNECTION,
    /** A 2xx answer whose body is not an import (not JSON, or too large). */
    MALFORMED_RESPONSE,
    /** A 3xx answer; redirects are never followed so the key stays on the allowed host. */
    REDIRECT
  }

  private final Kind kind;
  private final int statusCode;
  private final String pineconeMessage;
  private final Duration retryAfter;
  private final boolean requestSent;

  public PineconeApiException(
      Kind kind, int statusCode, String pineconeMessage, Duration retryAfter) {
    this(kind, statusCode, pineconeMessage, retryAfter, true);
  }

  private PineconeApiException(
      Kind kind, int statusCode, String pineconeMessage, Duration retryAfter, boolean requestSent) {
    super(describe(kind, statusCode, pineconeMessage), null, false, false);
    this.kind = kind;
    this.statusCode = statusCode;
    this.pineconeMessage = pineconeMessage;
    this.retryAfter = retryAfter;
    this.requestSent = requestSent;
  }

  public static PineconeApiException of(Kind kind) {
    return new PineconeApiException(kind, 0, null, null);
  }

  /**
   * A failure before any byte of the request left: the connection was refused or could not be
   * opened in time. Only this kind of CONNECTION or TIMEOUT proves that nothing was created.
   */
  public static PineconeApiException notSent(Kind kind) {
    return new PineconeApiException(kind, 0, null, null, false);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when there was none. */
  public int statusCode() {
    return statusCode;
  }

  /** Pinecone's error text (already redacted), when it sent one. */
  public Optional<String> pineconeMessage() {
    return Optional.ofNullable(pineconeMessage);
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * True when Pinecone refused the X-Pinecone-Api-Version sent rather than the request: no change
   * to the request helps, only another version. See {@link ApiVersionRefusal} for how it is told.
   */
  public boolean apiVersionUnsupported() {
    return kind == Kind.HTTP_STATUS && ApiVersionRefusal.matches(statusCode, pineconeMessage);
  }

  /** True when asking again later may succeed: 408, 429, 5xx, timeouts, connection trouble. */
  public boolean isTransient() {
    return switch (kind) {
      case TIMEOUT, CONNECTION, MALFORMED_RESPONSE -> true;
      case REDIRECT -> false;
      case HTTP_STATUS -> statusCode == 408 || statusCode == 429 || statusCode >= 500;
    };
  }

  /**
   * A start refused because too many imports run on the index: a 429, or a 4xx whose text says so.
   * Pinecone publishes no code of its own for this limit, so its message is the only sign; this is
   * the one place that reads it.
   */
  public boolean tooManyRunning() {
    if (kind != Kind.HTTP_STATUS || statusCode < 400 || statusCode >= 500) {
      return false;
    }
    return statusCode == 429
        || pineconeMessage().filter(m -> TOO_MANY_RUNNING.matcher(m).find()).isPresent();
  }

  private static final Pattern TOO_MANY_RUNNING =
      Pattern.compile(
          "(?i)(too many|maximum|limit)[^.]*(imports|running|concurrent)"
              + "|(concurrent|running) imports[^.]*limit");

  /** False only when the request provably never reached the wire (see {@link #notSent}). */
  public boolean requestSent() {
    return requestSent;
  }

  /**
   * After a failed {@code POST /bulk/imports}: may Pinecone have created the import anyway? The
   * answer decides whether a caller may simply start again (false) or must first list the imports
   * and adopt the one it may have started (true), since the API has no idempotency key. See {@link
   * #mayHaveCreated(Kind, int, boolean)} for the rule.
   */
  public boolean mayHaveCreated() {
    return mayHaveCreated(kind, statusCode, requestSent);
  }

  /**
   * The rule behind {@link #mayHaveCreated()}, errs towards "maybe":
   *
   * <ul>
   *   <li>a request that never left (refused connection, connect timeout): not created;
   *   <li>4xx other than 408: not created. Pinecone or its gateway refused the request before
   *       acting on it; that includes 429, which the gateway sends instead of forwarding;
   *   <li>408: maybe. A proxy may send it after it forwarded the request;
   *   <li>5xx: maybe. The service may have failed after it stored the import, or a proxy may have
   *       timed out waiting for an answer that still came to pass;
   *   <li>a timeout or a dropped connection after the request was sent: maybe;
   *   <li>a 2xx without a readable ID (MALFORMED_RESPONSE): maybe, it most likely was created;
   *   <li>a 3xx: maybe. A 303 after a POST is how some servers say "created, look there".
   * </ul>
   */
  public static boolean mayHaveCreated(Kind kind, int statusCode, boolean requestSent) {
    if (!requestSent) {
      return false;
    }
    return switch (kind) {
      case TIMEOUT, CONNECTION, MALFORMED_RESPONSE, REDIRECT -> true;
      case HTTP_STATUS -> statusCode < 400 || statusCode == 408 || statusCode >= 500;
    };
  }

  /**
   * The message without Pinecone's text: stable from one failure to the next, so a run of transient
   * errors does not rewrite status each time the server words it differently.
   */
  public String summary() {
    return describe(kind, statusCode, null);
  }

  private static String describe(Kind kind, int statusCode, String pineconeMessage) {
    String base =
        switch (kind) {
          case HTTP_STATUS -> "Pinecone answered HTTP " + statusCode;
          case TIMEOUT -> "Pinecone did not answer in time";
          case CONNECTION -> "Could not connect to Pinecone";
          case MALFORMED_RESPONSE -> "Pinecone's answer could not be read as an import";
          case REDIRECT ->
              "Pinecone answered HTTP " + statusCode + " (redirect); redirects are not followed";
        };
    return pineconeMessage == null || pineconeMessage.isBlank()
        ? base
        : base + ": " + pineconeMessage;
  }
}
