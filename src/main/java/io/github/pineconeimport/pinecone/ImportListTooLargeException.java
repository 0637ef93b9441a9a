package io.github.pineconeimport.pinecone;

/**
 * Pinecone's import list went past what {@link PineconeClient#listAll} reads: more pages or more
 * bytes than its budget. Not a Pinecone fault to retry through; a list that long cannot be held
 * safely, and a partial one cannot be trusted to show a start that may be in flight.
 */
public final class ImportListTooLargeException extends Exception {

  /** What ran out. */
  public enum Limit {
    PAGES,
    BYTES
  }

  private final Limit limit;
  private final long budget;

  public ImportListTooLargeException(Limit limit, long budget) {
    super(
        "Pinecone's import list is longer than the operator reads ("
            + (limit == Limit.PAGES ? budget + " pages" : budget + " bytes")
            + ")",
        null,
        false,
        false);
    this.limit = limit;
    this.budget = budget;
  }

  public Limit limit() {
    return limit;
  }

  public long budget() {
    return budget;
  }
}
