package io.github.pineconeimport.pinecone;

import java.util.regex.Pattern;

/**
 * The X-Pinecone-Api-Version sent for one resource, and where it came from: the resource pins it
 * ({@code spec.pineconeApiVersion}) or the operator's {@code PINECONE_API_VERSION} supplies it.
 * When Pinecone refuses the version, the user is told which of the two to change.
 */
public record ApiVersion(String value, boolean pinned) {

  /** The newest Pinecone API version this release is tested against (see docs/reference.md). */
  public static final String NEWEST_TESTED = "2026-04";

  /** The operator setting that supplies the version when a resource pins none. */
  public static final String OPERATOR_SETTING = "PINECONE_API_VERSION";

  public static final String SPEC_FIELD = "spec.pineconeApiVersion";

  /** Pinecone's version names: the release month, YYYY-MM. */
  public static final Pattern SYNTAX = Pattern.compile("^[0-9]{4}-[0-9]{2}$");

  /** The resource's own version when it pins one, else the operator's. */
  public static ApiVersion choose(String pinnedBySpec, String operatorDefault) {
    return pinnedBySpec == null || pinnedBySpec.isEmpty()
        ? new ApiVersion(operatorDefault, false)
        : new ApiVersion(pinnedBySpec, true);
  }
}
