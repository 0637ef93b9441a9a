package io.github.pineconeimport.pinecone;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which hosts the operator may send an API key to (setting PINECONE_ALLOWED_HOSTS). Entries are
 * host patterns: {@code *.pinecone.io} matches any subdomain over https; a leading {@code http://}
 * allows that host over plain http (for a local fake); a port, when given, must match. Without a
 * matching entry no request is made at all.
 */
public final class HostPolicy {

  public static final String DEFAULT = "*.pinecone.io";

  private static final Pattern WILDCARD = Pattern.compile("((?:https?://)?)\\*\\.(.*)");

  private final List<IndexEndpoint> entries;
  private final String text;

  private HostPolicy(List<IndexEndpoint> entries, String text) {
    this.entries = List.copyOf(entries);
    this.text = text;
  }

  /** Parses a comma-separated list; throws with the offending entry named when one is malformed. */
  public static HostPolicy parse(String commaSeparated) {
    List<IndexEndpoint> entries = new ArrayList<>();
    for (String raw : commaSeparated.split(",")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      entries.add(entry(entry));
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("PINECONE_ALLOWED_HOSTS must name at least one host");
    }
    return new HostPolicy(entries, commaSeparated.strip());
  }

  /** One entry: a host as IndexEndpoint parses it, optionally with "*." as its first label. */
  private static IndexEndpoint entry(String entry) {
    Matcher wildcard = WILDCARD.matcher(entry);
    boolean isWildcard = wildcard.matches();
    IndexEndpoint parsed =
        IndexEndpoint.parse(isWildcard ? wildcard.group(1) + wildcard.group(2) : entry)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "PINECONE_ALLOWED_HOSTS: '"
                            + entry
                            + "' is not a host pattern such as"
                            + " *.pinecone.io or http://127.0.0.1:8181"));
    if (!isWildcard) {
      return parsed;
    }
    if (parsed.scheme().equals("http")) {
      throw new IllegalArgumentException(
          "PINECONE_ALLOWED_HOSTS: '"
              + entry
              + "' would send the"
              + " API key in clear text to every host of a domain; http://*. entries are refused,"
              + " name each plain-http host exactly (e.g. http://127.0.0.1:8181)");
    }
    return new IndexEndpoint(parsed.scheme(), "*." + parsed.host(), parsed.port());
  }

  /**
   * The endpoint to call for a user's host, with the scheme the matching entry allows; empty when
   * no entry allows it. http is only ever chosen when an entry says http:// explicitly.
   */
  /**
   * As {@link #resolve(IndexEndpoint)}, but a host the user wrote with https:// stays on https: an
   * http:// entry does not downgrade it (it is refused instead when only http is allowed).
   */
  public Optional<IndexEndpoint> resolve(IndexEndpoint requested, boolean httpsWritten) {
    if (!httpsWritten) {
      return resolve(requested);
    }
    return entries.stream()
        .filter(e -> e.scheme().equals("https") && matches(e, requested))
        .findFirst()
        .map(e -> requested);
  }

  public Optional<IndexEndpoint> resolve(IndexEndpoint requested) {
    if (!requested.scheme().equals("https")) {
      return Optional.empty();
    }
    Optional<IndexEndpoint> plain =
        entries.stream()
            .filter(e -> e.scheme().equals("http") && matches(e, requested))
            .findFirst()
            .map(e -> requested.withScheme("http"));
    if (plain.isPresent()) {
      return plain;
    }
    return entries.stream()
        .filter(e -> e.scheme().equals("https") && matches(e, requested))
        .findFirst()
        .map(e -> requested);
  }

  private static boolean matches(IndexEndpoint entry, IndexEndpoint requested) {
    if (entry.port() != IndexEndpoint.NO_PORT && entry.port() != requested.port()) {
      return false;
    }
    String pattern = entry.host();
    if (pattern.startsWith("*.")) {
      return requested.host().endsWith(pattern.substring(1));
    }
    return pattern.equals(requested.host());
  }

  @Override
  public String toString() {
    return text;
  }
}
