package io.github.pineconeimport.api.v1alpha1;

/**
 * What deleting a PineconeImport does to an import that still runs. No schema default: the
 * effective one depends on how the import came to be (see {@link
 * PineconeImportSpec#effectiveDeletionPolicy}).
 */
public enum DeletionPolicy {
  /** Cancel the import in Pinecone before the resource goes away. */
  Cancel,
  /** Leave the import running; the resource just goes away. */
  Orphan
}
