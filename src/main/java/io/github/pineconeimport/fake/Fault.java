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

  static Fault status(int code, String message) {
    return new Respond(code, "{\"code\":" + code + ",\"message\":\"" + message + "\",\"details\":[]}",
        "application/json", null);
  }

  static Fault tooManyRequests(int retryAfterSeconds) {
    return new Respond(429, "{\"code\":8,\"message\":\"Too many requests\",\"details\":[]}",
        "application/json", Integer.toString(retryAfterSeconds));
  }

  static Fault unauthorizedText() {
    return new Respond(401, "Unauthorized", "text/plain", null);
  }
}
