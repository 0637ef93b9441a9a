package io.github.pineconeimport.status;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** RFC 3339 times as status and Pinecone write them; an unreadable one is treated as absent. */
public final class Timestamps {

  private Timestamps() {}

  public static Optional<Instant> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
