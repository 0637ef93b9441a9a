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

  /**
   * The one rule for "the same host", used by the allowlist, adoption and the host budget: lower
   * case (as parsed), no scheme, and no {@code :443}, so {@code x.pinecone.io} and {@code
   * https://X.pinecone.io:443} are one host.
   */
  public String key() {
    int normal = normalPort();
    return normal == NO_PORT ? host : host + ":" + normal;
  }

  /** The port with 443 (the https default, and what Pinecone serves on) written as none. */
  public int normalPort() {
    return port == 443 ? NO_PORT : port;
  }

  /** The same endpoint with {@code :443} dropped when it is https's own port. */
  public IndexEndpoint normalised() {
    return scheme.equals("https") && port == 443 ? new IndexEndpoint(scheme, host, NO_PORT) : this;
  }

  /** The key of a host as written in spec.indexHost; empty when it is not a host. */
  public static Optional<String> keyOf(String written) {
    return parse(written).map(IndexEndpoint::key);
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
