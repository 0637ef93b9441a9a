package io.github.pineconeimport.pinecone;

import java.time.Duration;
import java.util.Optional;

/**
 * A call to Pinecone that did not give us an import. Callers decide on {@link #kind()},
 * {@link #statusCode()} and {@link #isTransient()}, never on the message. The message is built
 * only from the status code and Pinecone's own error text (with the key redacted), so it is safe
 * to show in status, events and logs.
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

  public PineconeApiException(
      Kind kind, int statusCode, String pineconeMessage, Duration retryAfter) {
    super(describe(kind, statusCode, pineconeMessage), null, false, false);
    this.kind = kind;
    this.statusCode = statusCode;
    this.pineconeMessage = pineconeMessage;
    this.retryAfter = retryAfter;
  }

  public static PineconeApiException of(Kind kind) {
    return new PineconeApiException(kind, 0, null, null);
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

  /** True when asking again later may succeed: 408, 429, 5xx, timeouts, connection trouble. */
  public boolean isTransient() {
    return switch (kind) {
      case TIMEOUT, CONNECTION, MALFORMED_RESPONSE -> true;
      case REDIRECT -> false;
      case HTTP_STATUS -> statusCode == 408 || statusCode == 429 || statusCode >= 500;
    };
  }

  /**
   * The message without Pinecone's text: stable from one failure to the next, so a run of
   * transient errors does not rewrite status each time the server words it differently.
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
