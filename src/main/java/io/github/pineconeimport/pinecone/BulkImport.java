package io.github.pineconeimport.pinecone;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Pinecone's ImportModel as it comes over the wire: camelCase, every field optional. The snake_case
 * spellings that some documentation prints are accepted too.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BulkImport(
    String id,
    String uri,
    String status,
    @JsonAlias("created_at") String createdAt,
    @JsonAlias("finished_at") String finishedAt,
    @JsonAlias("percent_complete") Double percentComplete,
    @JsonAlias("records_imported") Long recordsImported,
    String error,
    @JsonAlias("validation_result") ValidationResult validationResult) {

  /**
   * What Pinecone's validation run found (2026-07 adds it; any version may send it): records that
   * passed and records that failed, which {@code errorMode: continue} skips.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ValidationResult(
      @JsonAlias("import_successes") Long importSuccesses,
      @JsonAlias("import_errors") Long importErrors) {}

  /** An answer without a validation result, as every version before 2026-07 describes it. */
  public BulkImport(
      String id,
      String uri,
      String status,
      String createdAt,
      String finishedAt,
      Double percentComplete,
      Long recordsImported,
      String error) {
    this(id, uri, status, createdAt, finishedAt, percentComplete, recordsImported, error, null);
  }

  public static final String PENDING = "Pending";
  public static final String IN_PROGRESS = "InProgress";
  public static final String COMPLETED = "Completed";
  public static final String FAILED = "Failed";
  public static final String CANCELLED = "Cancelled";

  private static final Set<String> TERMINAL = Set.of(COMPLETED, FAILED, CANCELLED);

  /**
   * The same import with every text field passed through {@code f}: not only status and error, a
   * server that echoes the key could put it in any of them, and each one reaches status.
   */
  public BulkImport withText(UnaryOperator<String> f) {
    UnaryOperator<String> g = s -> s == null ? null : f.apply(s);
    return new BulkImport(
        g.apply(id),
        g.apply(uri),
        g.apply(status),
        g.apply(createdAt),
        g.apply(finishedAt),
        percentComplete,
        recordsImported,
        g.apply(error),
        validationResult);
  }

  /** Completed, Failed and Cancelled never change again. */
  public static boolean isTerminal(String status) {
    return status != null && TERMINAL.contains(status);
  }
}
