package io.github.pineconeimport.pinecone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.UnaryOperator;

/**
 * Reads Pinecone's three error shapes: data plane {@code {"code","message","details"}}, control
 * plane {@code {"error":{"code","message"},"status"}}, and the gateway's plain text.
 */
final class ErrorBodies {

  static final int MAX_MESSAGE_CHARS = 500;

  private ErrorBodies() {}

  /**
   * The human part of an error body, or null when the body says nothing. Redacted before it is cut:
   * cut first, a key across the cut would survive as a prefix.
   */
  static String message(ObjectMapper json, String body, UnaryOperator<String> redact) {
    String text = text(json, body);
    return text == null ? null : truncate(redact.apply(text));
  }

  private static String text(ObjectMapper json, String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    String trimmed = body.strip();
    if (trimmed.startsWith("{")) {
      try {
        JsonNode root = json.readTree(trimmed);
        JsonNode nested = root.path("error");
        if (nested.isObject() && nested.path("message").isTextual()) {
          return nested.path("message").asText();
        }
        if (root.path("message").isTextual()) {
          return root.path("message").asText();
        }
        if (nested.isTextual()) {
          return nested.asText();
        }
      } catch (IOException notJson) {
        // fall through: show it as text
      }
    }
    return trimmed;
  }

  /** Retry-After as delta-seconds or HTTP-date; null when absent or unreadable. */
  static Duration retryAfter(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.strip();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        var when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.instant(), when);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException unreadable) {
        return null;
      }
    }
  }

  static String truncate(String s) {
    String oneLine = s.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= MAX_MESSAGE_CHARS
        ? oneLine
        : oneLine.substring(0, MAX_MESSAGE_CHARS) + "…";
  }
}
