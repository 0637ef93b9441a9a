package io.github.pineconeimport.pinecone;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells an answer that refuses the {@code X-Pinecone-Api-Version} itself from any other 400 or 404.
 *
 * <p>Pinecone documents no code or shape for it: its specs declare the header required and its
 * versioning page promises each stable version for at least 12 months, and says nothing about the
 * answer after that. Error bodies carry only a gRPC-style code and a message. So we assume what API
 * gateways commonly send: a 400 or 404 whose message names the API version and calls it
 * unsupported, invalid or unknown (e.g. "Unsupported API version: 2024-07"). Anything else stays
 * what it was; in particular "... is not allowed in API versions prior to 2025-04", Pinecone's
 * message for a feature newer than the version, does not match: the version is supported, only the
 * feature is not.
 */
final class ApiVersionRefusal {

  private static final Pattern NAMES_VERSION =
      Pattern.compile("\\b(api[ _-]?version|x-pinecone-api-version)\\b");
  private static final Pattern REFUSES =
      Pattern.compile(
          "\\b(unsupported|not supported|no longer supported|invalid|unknown|not recognized"
              + "|unrecognized|deprecated and removed|has been retired|retired)\\b");

  private ApiVersionRefusal() {}

  static boolean matches(int statusCode, String pineconeMessage) {
    if ((statusCode != 400 && statusCode != 404) || pineconeMessage == null) {
      return false;
    }
    String text = pineconeMessage.toLowerCase(Locale.ROOT);
    return NAMES_VERSION.matcher(text).find() && REFUSES.matcher(text).find();
  }
}
