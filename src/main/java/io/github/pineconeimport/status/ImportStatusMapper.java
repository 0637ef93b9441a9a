package io.github.pineconeimport.status;

import io.github.pineconeimport.api.v1alpha1.ImportValidation;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.pinecone.BulkImport;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure: from the previous status, the spec's generation and what this reconcile observed, the
 * status the resource should have now. No I/O and no clock of its own.
 *
 * <pre>
 * observation            Ready  Reconciling  Stalled  reason
 * Pending / InProgress   False  True         False    ImportPending / ImportInProgress
 * Completed              True   False        False    ImportCompleted (message: any invalid records)
 * Failed                 False  False        True     ImportFailed
 * Cancelled              False  False        True     ImportCancelled
 * unknown status         False  True         False    UnknownImportStatus
 * transient problem      False  True         False    RateLimited, PineconeUnavailable, ...
 * problem needing a user False  False        True     SecretNotFound, Unauthorized, ...
 * </pre>
 *
 * <p>What Pinecone said passes through {@link ReadableImport} first: a percentage outside 0..100
 * (or NaN) and a negative count are left out, long text is cut.
 */
public final class ImportStatusMapper {

  private ImportStatusMapper() {}

  /**
   * @param importId the import the spec names now; the previous status's import fields (phase,
   *     progress, ...) are kept only while they describe that import
   */
  public static PineconeImportStatus map(
      PineconeImportStatus previous,
      Long generation,
      String importId,
      Observation observation,
      Instant now) {
    var next =
        describesSameImport(previous, generation, importId)
            ? previous.copy()
            : withoutImportFields(previous);
    next.setImportId(importId);
    next.setObservedGeneration(generation);
    if (observation instanceof Observation.Described d) {
      BulkImport shown = ReadableImport.of(d.bulkImport());
      copyImport(shown, next);
      var state = stateOf(shown);
      return withConditions(next, state, generation, now);
    }
    var problem = (Problem) observation;
    var state = new State(Health.of(problem.reason()), problem.reason(), problem.message());
    return withConditions(next, state, generation, now);
  }

  /** For a poll at the import the previous status already describes (tests, tools). */
  public static PineconeImportStatus map(
      PineconeImportStatus previous, Long generation, Observation observation, Instant now) {
    String importId =
        observation instanceof Observation.Described d
            ? d.bulkImport().id()
            : previous == null ? null : previous.getImportId();
    return map(previous, generation, importId, observation, now);
  }

  /**
   * A status from before status.importId existed describes the spec of its own generation; any
   * other tells by the ID it recorded.
   */
  private static boolean describesSameImport(
      PineconeImportStatus previous, Long generation, String importId) {
    if (previous == null) {
      return false;
    }
    return previous.getImportId() == null
        ? Objects.equals(previous.getObservedGeneration(), generation)
        : previous.getImportId().equals(importId);
  }

  /**
   * Conditions stay (their transition times stay meaningful) and so does the start intent, which is
   * this resource's bookkeeping, not a description of an import: losing it could start a second
   * import. What described the import goes.
   */
  private static PineconeImportStatus withoutImportFields(PineconeImportStatus previous) {
    var next = new PineconeImportStatus();
    if (previous != null) {
      var copy = previous.copy();
      next.setConditions(copy.getConditions());
      next.setStart(copy.getStart());
    }
    return next;
  }

  /** Which condition is True, and the reason and message all three share. */
  public record State(Health health, Reason reason, String message) {}

  static State stateOf(BulkImport imp) {
    String status = imp.status();
    if (status == null) {
      return new State(
          Health.RECONCILING,
          Reason.UnknownImportStatus,
          "Pinecone's answer has no status yet; polling continues");
    }
    return switch (status) {
      case BulkImport.PENDING ->
          new State(Health.RECONCILING, Reason.ImportPending, "Import is pending in Pinecone");
      case BulkImport.IN_PROGRESS ->
          new State(Health.RECONCILING, Reason.ImportInProgress, progressMessage(imp));
      case BulkImport.COMPLETED ->
          new State(
              Health.READY,
              Reason.ImportCompleted,
              "Import completed" + recordsSuffix(imp) + invalidSuffix(imp));
      case BulkImport.FAILED ->
          new State(
              Health.STALLED,
              Reason.ImportFailed,
              "Import failed"
                  + (imp.error() == null || imp.error().isBlank()
                      ? " (Pinecone gave no error message)"
                      : ": " + imp.error()));
      case BulkImport.CANCELLED ->
          new State(
              Health.STALLED, Reason.ImportCancelled, "Import was cancelled" + recordsSuffix(imp));
      default ->
          new State(
              Health.RECONCILING,
              Reason.UnknownImportStatus,
              "Pinecone reports status '"
                  + status
                  + "', which this operator does not know;"
                  + " polling continues");
    };
  }

  private static String progressMessage(BulkImport imp) {
    if (imp.percentComplete() == null) {
      return "Import is in progress" + recordsSuffix(imp);
    }
    return "Import is " + oneDecimal(imp.percentComplete()) + "% complete" + recordsSuffix(imp);
  }

  /**
   * What {@code String.format("%.1f")} prints (half up), without parsing a format string on every
   * look: the profile found that parse in 5 % of a reconcile thread's time.
   */
  static String oneDecimal(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString();
  }

  private static String recordsSuffix(BulkImport imp) {
    return imp.recordsImported() == null ? "" : ", " + imp.recordsImported() + " records imported";
  }

  /**
   * Records that failed validation, which errorMode Continue skips: the import still counts as
   * completed, but the person reading Ready must see that data is missing.
   */
  private static String invalidSuffix(BulkImport imp) {
    long errors = importErrors(imp);
    return errors <= 0
        ? ""
        : "; "
            + errors
            + (errors == 1 ? " record" : " records")
            + " failed Pinecone's validation and"
            + (errors == 1 ? " was" : " were")
            + " not imported";
  }

  /** Records that failed validation, 0 when Pinecone did not say. */
  private static long importErrors(BulkImport imp) {
    return imp.validationResult() == null || imp.validationResult().importErrors() == null
        ? 0
        : imp.validationResult().importErrors();
  }

  private static void copyImport(BulkImport imp, PineconeImportStatus s) {
    s.setPhase(imp.status());
    s.setPercentComplete(imp.percentComplete());
    s.setRecordsImported(imp.recordsImported());
    s.setUri(imp.uri());
    s.setCreatedAt(imp.createdAt());
    s.setFinishedAt(imp.finishedAt());
    s.setError(imp.error());
    var v = imp.validationResult();
    s.setValidationResult(
        v == null ? null : new ImportValidation(v.importSuccesses(), v.importErrors()));
  }

  /** The state the conditions show: which is True, with their shared reason and message. */
  public static Optional<State> shown(PineconeImportStatus s) {
    for (Health h : Health.WITH_CONDITION) {
      var c =
          Conditions.find(s.getConditions(), Conditions.typeOf(h))
              .filter(x -> Conditions.TRUE.equals(x.getStatus()));
      if (c.isPresent() && Reason.parse(c.get().getReason()).isPresent()) {
        return Optional.of(new State(h, Reason.valueOf(c.get().getReason()), c.get().getMessage()));
      }
    }
    return Optional.empty();
  }

  /** Sets the three conditions to this state (for states that are not an observation). */
  public static PineconeImportStatus withConditions(
      PineconeImportStatus s, State state, Long generation, Instant now) {
    var conditions = s.getConditions();
    String reason = state.reason().name();
    for (Health h : Health.WITH_CONDITION) {
      conditions =
          Conditions.set(
              conditions,
              Conditions.typeOf(h),
              state.health() == h,
              reason,
              state.message(),
              generation,
              now);
    }
    s.setConditions(conditions);
    return s;
  }

  /**
   * True when the last poll, at this spec generation, found the import ended. A terminal phase
   * carried over through a problem (a 429, a missing Secret) after a spec change does not count:
   * the new generation has not seen the end yet, so it must poll again.
   */
  public static boolean isFinishedFor(PineconeImportStatus status, Long generation) {
    if (status == null
        || !BulkImport.isTerminal(status.getPhase())
        || generation == null
        || !generation.equals(status.getObservedGeneration())) {
      return false;
    }
    String endReason =
        stateOf(new BulkImport(null, null, status.getPhase(), null, null, null, null, null))
            .reason()
            .name();
    return Conditions.find(status.getConditions(), Conditions.READY)
        .filter(
            c ->
                endReason.equals(c.getReason())
                    || (BulkImport.CANCELLED.equals(status.getPhase())
                        && Reason.TimedOut.name().equals(c.getReason())))
        .filter(c -> generation.equals(c.getObservedGeneration()))
        .isPresent();
  }
}
