package io.github.pineconeimport.fake;

import java.time.Duration;

/** One scripted misbehaviour of the fake, used for one request. */
public sealed interface Fault {

  /** Answer with this status, body and content type (and Retry-After when not null). */
  record Respond(int status, String body, String contentType, String retryAfter) implements Fault {}

  /** Wait this long before answering normally (to outlast a client's timeout). */
  record Slow(Duration delay) implements Fault {}

  /** Answer 200 with a body that is not JSON. */
  record Malformed() implements Fault {}

  /** Close the connection without an answer. */
  record Drop() implements Fault {}

  /**
   * For a start ({@code POST /bulk/imports}) only: create the import as asked, then answer with
   * {@code then} instead of its ID — a {@link Drop}, a {@link Respond} (say a 503), or a {@link
   * Slow} that outlasts the client's timeout. These are the starts whose outcome the client cannot
   * know. On any other request it plays {@code then} alone.
   */
  record AfterCreate(Fault then) implements Fault {
    public AfterCreate {
      if (then instanceof AfterCreate) {
        throw new IllegalArgumentException("AfterCreate cannot wrap another AfterCreate");
      }
    }
  }

  static Fault dropAfterCreate() {
    return new AfterCreate(new Drop());
  }

  static Fault statusAfterCreate(int code, String message) {
    return new AfterCreate(status(code, message));
  }

  static Fault slowAfterCreate(Duration delay) {
    return new AfterCreate(new Slow(delay));
  }

  static Fault status(int code, String message) {
    return new Respond(
        code,
        "{\"code\":" + code + ",\"message\":\"" + message + "\",\"details\":[]}",
        "application/json",
        null);
  }

  static Fault tooManyRequests(int retryAfterSeconds) {
    return new Respond(
        429,
        "{\"code\":8,\"message\":\"Too many requests\",\"details\":[]}",
        "application/json",
        Integer.toString(retryAfterSeconds));
  }

  static Fault unauthorizedText() {
    return new Respond(401, "Unauthorized", "text/plain", null);
  }
}
