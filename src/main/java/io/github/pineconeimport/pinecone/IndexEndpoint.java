package io.github.pineconeimport.pinecone;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an index lives: scheme, host and optional port. Parsed from {@code spec.indexHost} ("host",
 * "host:port", "https://host[:port]") and from allowed-host entries ("http://..." too).
 */
public record IndexEndpoint(String scheme, String host, int port) {

  public static final int NO_PORT = -1;

  private static final Pattern WRITTEN =
      Pattern.compile(
          "(?:(?<scheme>https?)://)?(?<host>"
              + HostSyntax.HOST
              + ")(?::(?<port>"
              + HostSyntax.PORT
              + "))?/?");

  /**
   * Parses a host as written in spec.indexHost or an allowed-host entry: {@link HostSyntax}'s host,
   * an optional port, an optional https:// or http://. Empty when it is anything else.
   */
  public static Optional<IndexEndpoint> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = WRITTEN.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    String scheme = m.group("scheme") == null ? "https" : m.group("scheme");
    int port = m.group("port") == null ? NO_PORT : Integer.parseInt(m.group("port"));
    return Optional.of(new IndexEndpoint(scheme, m.group("host").toLowerCase(Locale.ROOT), port));
  }

  /** True when the text names its scheme (https:// or http://) instead of leaving the default. */
  public static boolean schemeWritten(String text) {
    if (text == null) {
      return false;
    }
    Matcher m = WRITTEN.matcher(text);
    return m.matches() && m.group("scheme") != null;
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
