package io.github.pineconeimport.status;

import io.github.pineconeimport.pinecone.BulkImport;

/**
 * Pure: the part of Pinecone's answer a user is shown. The spec promises a percentage of 0..100 and
 * a count, but the wire can carry anything: NaN or Infinity cannot be written to status at all (the
 * API server takes plain JSON numbers only), and -5% or 250% is progress nobody can act on. Such a
 * percentage is left out, as is a negative count (records imported, or a validation count): the
 * phase and the message still say that the import runs, just without a number. Every text is cut to
 * {@link Conditions#MAX_MESSAGE} so one odd answer cannot fill the resource.
 */
final class ReadableImport {

  private ReadableImport() {}

  static BulkImport of(BulkImport imp) {
    return new BulkImport(
        cut(imp.id()),
        cut(imp.uri()),
        cut(imp.status()),
        cut(imp.createdAt()),
        cut(imp.finishedAt()),
        percent(imp.percentComplete()),
        records(imp.recordsImported()),
        cut(imp.error()),
        validation(imp.validationResult()));
  }

  /** Counts below zero are left out, like recordsImported; a result with neither is none. */
  static BulkImport.ValidationResult validation(BulkImport.ValidationResult v) {
    if (v == null) {
      return null;
    }
    Long successes = records(v.importSuccesses());
    Long errors = records(v.importErrors());
    return successes == null && errors == null
        ? null
        : new BulkImport.ValidationResult(successes, errors);
  }

  /** A percentage in 0..100, or null; -0.0 is shown as 0. */
  static Double percent(Double p) {
    if (p == null || !(p >= 0.0 && p <= 100.0)) {
      return null;
    }
    return p == 0.0 ? 0.0 : p;
  }

  static Long records(Long n) {
    return n == null || n < 0 ? null : n;
  }

  private static String cut(String text) {
    return text == null ? null : Conditions.truncate(text);
  }
}
