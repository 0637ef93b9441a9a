package io.github.pineconeimport.pinecone;

/**
 * An import ID that cannot be sent as the one path segment of {@code /bulk/imports/{id}}; thrown
 * before anything goes on the wire. Callers decide on {@link #reason()}.
 */
public final class InvalidImportIdException extends IllegalArgumentException {

  /** Why the ID cannot be sent. */
  public enum Reason {
    /** Empty: the path would be {@code /bulk/imports/}, which lists every import instead. */
    EMPTY,
    /** "." or "..": percent-encoding leaves them, and resolving them names another resource. */
    PATH_STEP,
    /**
     * Holds a lone UTF-16 surrogate, which UTF-8 cannot carry: the encoder would put "?" in its
     * place and ask about another import.
     */
    NOT_UNICODE
  }

  private final Reason reason;

  InvalidImportIdException(Reason reason, String message) {
    super(message, null);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
