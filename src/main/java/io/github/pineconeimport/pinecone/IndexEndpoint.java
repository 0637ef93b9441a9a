package io.github.pineconeimport.pinecone;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an index lives: scheme, host and optional port. Parsed from {@code spec.indexHost}
 * ("host", "host:port", "https://host[:port]") and from allowed-host entries ("http://..." too).
 */
public record IndexEndpoint(String scheme, String host, int port) {

  public static final int NO_PORT = -1;

  /** Parses a user-written host; returns empty when it is not a plain host[:port] with an optional scheme. */
  public static Optional<IndexEndpoint> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.strip();
    String scheme = "https";
    int sep = s.indexOf("://");
    if (sep >= 0) {
      scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
      s = s.substring(sep + 3);
      if (!scheme.equals("https") && !scheme.equals("http")) {
        return Optional.empty();
      }
    }
    if (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.isEmpty() || s.contains("/") || s.contains("@") || s.contains("?") || s.contains("#")) {
      return Optional.empty();
    }
    String host = s;
    int port = NO_PORT;
    int colon = s.lastIndexOf(':');
    if (colon >= 0) {
      host = s.substring(0, colon);
      try {
        port = Integer.parseInt(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (port < 1 || port > 65535) {
        return Optional.empty();
      }
    }
    if (!host.matches("[A-Za-z0-9*]([A-Za-z0-9.*-]*[A-Za-z0-9])?")) {
      return Optional.empty();
    }
    return Optional.of(new IndexEndpoint(scheme, host.toLowerCase(Locale.ROOT), port));
  }

  public IndexEndpoint withScheme(String newScheme) {
    return new IndexEndpoint(newScheme, host, port);
  }

  public URI baseUri() {
    return URI.create(scheme + "://" + host + (port == NO_PORT ? "" : ":" + port));
  }

  @Override
  public String toString() {
    return baseUri().toString();
  }
}
