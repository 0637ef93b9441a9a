package io.github.pineconeimport.pinecone;

import java.util.Objects;

/**
 * The Pinecone API key. Wrapped so that no toString, log line or exception message can print it by
 * accident; only {@link PineconeClient} reads the value, to put it in the Api-Key header.
 */
public final class ApiKey {

  private final String value;

  public ApiKey(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("API key must not be empty");
    }
    this.value = value.strip();
  }

  String value() {
    return value;
  }

  /** Replaces every occurrence of the key in text that came from outside (e.g. an error body). */
  public String redact(String text) {
    return text == null ? null : text.replace(value, "[REDACTED]");
  }

  @Override
  public String toString() {
    return "ApiKey[REDACTED]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiKey other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value);
  }
}
