package io.github.pineconeimport.status;

import io.github.pineconeimport.pinecone.BulkImport;

/**
 * What one reconcile learned: either Pinecone described the import, or a {@link Problem} stood in
 * the way.
 */
public sealed interface Observation permits Observation.Described, Problem {

  /** Pinecone answered with the import. */
  record Described(BulkImport bulkImport) implements Observation {}
}
