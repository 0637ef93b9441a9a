package io.github.pineconeimport.pinecone;

import java.util.List;

/**
 * One page of {@code GET /bulk/imports}.
 *
 * @param data the imports on this page, in Pinecone's order
 * @param next the token for the next page, or null on the last page (Pinecone leaves {@code
 *     pagination} out, or sends an empty {@code next})
 */
public record ImportPage(List<BulkImport> data, String next) {

  public ImportPage {
    data = List.copyOf(data);
    next = next == null || next.isEmpty() ? null : next;
  }

  public boolean isLast() {
    return next == null;
  }
}
