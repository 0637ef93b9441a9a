package io.github.pineconeimport.fake;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which import URIs a Pinecone API version accepts on {@code POST /bulk/imports}, as the specs in
 * shared/pinecone describe them: 2025-01 (and older, or no version header, which Pinecone treats as
 * its oldest) takes {@code s3://} only; later versions also take {@code gs://} and {@code
 * https://ACCOUNT.blob.core.windows.net/CONTAINER/...}. The uri is 1..1500 characters.
 */
public final class StartRules {

  public static final int MAX_URI_CHARS = 1500;

  /** The last version whose spec says "Currently only s3:// URIs are supported". */
  public static final String LAST_S3_ONLY_VERSION = "2025-01";

  private static final Pattern S3 = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?");
  private static final Pattern GCS =
      Pattern.compile("gs://[a-z0-9][a-z0-9._-]{1,220}[a-z0-9](/.*)?");
  private static final Pattern AZURE =
      Pattern.compile(
          "https://[a-z0-9]{3,24}\\.blob\\.core\\.windows\\.net/[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9](/.*)?");

  private StartRules() {}

  /** Why Pinecone at {@code apiVersion} would refuse this uri, or empty when it takes it. */
  public static Optional<String> uriProblem(String uri, String apiVersion) {
    if (uri == null || uri.isEmpty() || uri.length() > MAX_URI_CHARS) {
      return Optional.of("uri must be 1 to " + MAX_URI_CHARS + " characters");
    }
    boolean s3Only = s3Only(apiVersion);
    if (S3.matcher(uri).matches()
        || !s3Only && (GCS.matcher(uri).matches() || AZURE.matcher(uri).matches())) {
      return Optional.empty();
    }
    return Optional.of(
        s3Only
            ? "Invalid uri: only s3://BUCKET/PATH URIs are supported in API version "
                + (apiVersion == null ? LAST_S3_ONLY_VERSION : apiVersion)
            : "Invalid uri: expected s3://BUCKET/PATH, gs://BUCKET/PATH or"
                + " https://ACCOUNT.blob.core.windows.net/CONTAINER/PATH");
  }

  /** Versions are "YYYY-MM", so they order as strings; a missing header means the oldest. */
  static boolean s3Only(String apiVersion) {
    return apiVersion == null
        || apiVersion.isBlank()
        || apiVersion.strip().compareTo(LAST_S3_ONLY_VERSION) <= 0;
  }
}
