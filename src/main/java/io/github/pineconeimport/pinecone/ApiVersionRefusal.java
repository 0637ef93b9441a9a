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

  /** "Unsupported API version ...", "invalid X-Pinecone-Api-Version header". */
  private static final Pattern REFUSAL_BEFORE =
      Pattern.compile(
          "\\b(unsupported|invalid|unknown|unrecognized|retired)\\s+(x-pinecone-)?api["
              + " _-]?version\\b");

  /** "API version 2024-07 is not supported", "X-Pinecone-Api-Version '2024-07' is invalid". */
  private static final Pattern REFUSAL_AFTER =
      Pattern.compile(
          "\\b(x-pinecone-)?api["
              + " _-]?version\\b(\\s+header)?\\s*[:=]?\\s*['\"]?[0-9a-z.-]*['\"]?\\s+(is|was|has"
              + " been)\\s+(not supported|no longer supported|unsupported|invalid|unknown|not"
              + " recognized|retired)\\b");

  private ApiVersionRefusal() {}

  static boolean matches(int statusCode, String pineconeMessage) {
    if ((statusCode != 400 && statusCode != 404) || pineconeMessage == null) {
      return false;
    }
    String text = pineconeMessage.toLowerCase(Locale.ROOT);
    return REFUSAL_BEFORE.matcher(text).find() || REFUSAL_AFTER.matcher(text).find();
  }
}
