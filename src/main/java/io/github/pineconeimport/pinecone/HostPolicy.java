package io.github.pineconeimport.pinecone;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which hosts an API key may be sent to: the operator's PINECONE_ALLOWED_HOSTS, and the optional
 * {@code pinecone.io/allowed-hosts} annotation a Secret's owner puts on the Secret. Both use this
 * syntax.
 *
 * <p>An entry is a host, an optional port and an optional scheme. A {@code *} stands for exactly
 * one whole label, anywhere except the last two labels: {@code *.svc.*.pinecone.io} matches {@code
 * products-abc.svc.aped-4627-b74a.pinecone.io} and nothing deeper or shallower. {@code *}, {@code
 * *.io} and any pattern that leaves fewer than two labels fixed are refused: they would hand the
 * key to a whole top-level domain. Without a port an entry means the default one (443); {@code
 * :443} and no port are the same. A leading {@code http://} allows that one host over plain http
 * (for a local fake); a wildcard over http is refused. Hosts are compared by {@link
 * IndexEndpoint#key()}: lower case, without scheme and without {@code :443}.
 */
public final class HostPolicy {

  /** Pinecone's index hosts ({@code {index}-{project}.svc.{environment}.pinecone.io}) only. */
  public static final String DEFAULT = "*.svc.*.pinecone.io,*.svc.private.*.pinecone.io";

  /** The operator's setting, named in its messages. */
  public static final String SETTING = "PINECONE_ALLOWED_HOSTS";

  private static final String WILDCARD = "*";
  private static final Pattern SCHEME = Pattern.compile("(?<scheme>https?://)?(?<rest>.*)");
  private static final Pattern PORT_AND_SLASH = Pattern.compile("(:[^.:]*)?/?$");

  /** One entry: labels in lower case ({@code *} for any one label), scheme, port as written. */
  record Entry(String scheme, List<String> labels, int port) {

    boolean matches(IndexEndpoint requested) {
      if (normal(port) != requested.normalPort()) {
        return false;
      }
      String[] host = requested.host().split("\\.", -1);
      if (host.length != labels.size()) {
        return false;
      }
      for (int i = 0; i < host.length; i++) {
        if (!labels.get(i).equals(WILDCARD) && !labels.get(i).equals(host[i])) {
          return false;
        }
      }
      return true;
    }

    private static int normal(int port) {
      return port == 443 ? IndexEndpoint.NO_PORT : port;
    }
  }

  private final List<Entry> entries;
  private final String text;

  private HostPolicy(List<Entry> entries, String text) {
    this.entries = List.copyOf(entries);
    this.text = text;
  }

  /** Parses the operator's PINECONE_ALLOWED_HOSTS; throws naming the setting and the entry. */
  public static HostPolicy parse(String commaSeparated) {
    return parse(commaSeparated, SETTING);
  }

  /**
   * Parses a comma-separated list of entries.
   *
   * @param source names the list in messages (the setting, or the annotation and its Secret)
   * @throws IllegalArgumentException naming {@code source} and the offending entry
   */
  public static HostPolicy parse(String commaSeparated, String source) {
    List<Entry> entries = new ArrayList<>();
    for (String raw : commaSeparated.split(",")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      entries.add(entry(entry, source));
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException(source + " must name at least one host");
    }
    return new HostPolicy(entries, commaSeparated.strip());
  }

  private static Entry entry(String entry, String source) {
    Matcher m = SCHEME.matcher(entry);
    if (!m.matches()) {
      throw malformed(entry, source);
    }
    String scheme = m.group("scheme") == null ? "" : m.group("scheme");
    String rest = m.group("rest");
    Matcher port = PORT_AND_SLASH.matcher(rest);
    String portAndSlash = port.find() ? port.group() : "";
    String[] labels = rest.substring(0, rest.length() - portAndSlash.length()).split("\\.", -1);
    int wildcards = 0;
    int lastWildcard = -1;
    String[] concrete = new String[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i].equals(WILDCARD)) {
        wildcards++;
        lastWildcard = i;
        concrete[i] = "x";
      } else if (labels[i].contains(WILDCARD)) {
        throw new IllegalArgumentException(
            source
                + ": '"
                + entry
                + "': a * stands for one whole label (as in *.svc.*.pinecone.io), not part of one");
      } else {
        concrete[i] = labels[i];
      }
    }
    if (wildcards > 0 && (lastWildcard >= labels.length - 2 || labels.length - wildcards < 2)) {
      throw new IllegalArgumentException(
          source
              + ": '"
              + entry
              + "' would send the API key to every host under a top-level domain; a * may not"
              + " stand in the last two labels, and at least two labels must be fixed (e.g."
              + " *.svc.*.pinecone.io)");
    }
    IndexEndpoint parsed =
        IndexEndpoint.parse(scheme + String.join(".", concrete) + portAndSlash)
            .orElseThrow(() -> malformed(entry, source));
    if (wildcards > 0 && parsed.scheme().equals("http")) {
      throw new IllegalArgumentException(
          source
              + ": '"
              + entry
              + "' would send the"
              + " API key in clear text to every host of a domain; http://*. entries are refused,"
              + " name each plain-http host exactly (e.g. http://127.0.0.1:8181)");
    }
    // the parsed host, in lower case and without port or slash, with the wildcards put back
    String[] host = parsed.host().split("\\.", -1);
    for (int i = 0; i < host.length; i++) {
      if (labels[i].equals(WILDCARD)) {
        host[i] = WILDCARD;
      }
    }
    return new Entry(parsed.scheme(), List.of(host), parsed.port());
  }

  private static IllegalArgumentException malformed(String entry, String source) {
    return new IllegalArgumentException(
        source
            + ": '"
            + entry
            + "' is not a host pattern such as *.svc.*.pinecone.io,"
            + " idx-abc.svc.aped-4627-b74a.pinecone.io or http://127.0.0.1:8181");
  }

  /**
   * As {@link #resolve(IndexEndpoint)}, but a host the user wrote with https:// stays on https: an
   * http:// entry does not downgrade it (it is refused instead when only http is allowed).
   */
  public Optional<IndexEndpoint> resolve(IndexEndpoint requested, boolean httpsWritten) {
    if (!httpsWritten) {
      return resolve(requested);
    }
    return entries.stream()
        .filter(e -> e.scheme().equals("https") && e.matches(requested))
        .findFirst()
        .map(e -> requested.normalised());
  }

  /**
   * The endpoint to call for a user's host, with the scheme the matching entry allows; empty when
   * no entry allows it. http is only ever chosen when an entry says http:// explicitly.
   */
  public Optional<IndexEndpoint> resolve(IndexEndpoint requested) {
    if (!requested.scheme().equals("https")) {
      return Optional.empty();
    }
    Optional<IndexEndpoint> plain =
        entries.stream()
            .filter(e -> e.scheme().equals("http") && e.matches(requested))
            .findFirst()
            .map(e -> requested.withScheme("http"));
    if (plain.isPresent()) {
      return plain;
    }
    return resolve(requested, true);
  }

  /**
   * Whether some entry names this host and port, whatever scheme it allows: a Secret's {@code
   * pinecone.io/allowed-hosts} says where its key may go; how it gets there is the operator's
   * allowlist's business.
   */
  public boolean names(IndexEndpoint endpoint) {
    return entries.stream().anyMatch(e -> e.matches(endpoint));
  }

  @Override
  public String toString() {
    return text;
  }
}
