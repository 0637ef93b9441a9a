package io.github.pineconeimport.fake;

import io.github.pineconeimport.pinecone.BulkImport;
import java.time.Duration;

/**
 * The scripted life of one fake import, in time since it was created: Pending for {@code pending},
 * InProgress with percent and records rising linearly over {@code running}, InProgress at 100%
 * while "indexing" for {@code indexing}, then the outcome. Progress moves in {@code steps} even
 * jumps so that a poller sees a known number of distinct values.
 *
 * @param outcome Completed, Failed or any other status (to play an unknown value)
 * @param error error text when the outcome is Failed
 * @param validation Pinecone's validation result, answered once the import left Pending; null for
 *     none, as before 2026-07
 */
public record ImportScript(
    Duration pending,
    Duration running,
    Duration indexing,
    int steps,
    long totalRecords,
    String outcome,
    String error,
    BulkImport.ValidationResult validation) {

  public ImportScript {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1");
    }
  }

  /** A script without a validation result. */
  public ImportScript(
      Duration pending,
      Duration running,
      Duration indexing,
      int steps,
      long totalRecords,
      String outcome,
      String error) {
    this(pending, running, indexing, steps, totalRecords, outcome, error, null);
  }

  /**
   * Answers {@code validationResult {importSuccesses, importErrors}} (2026-07's field) at every API
   * version once the import left Pending: Pinecone may send it to older versions too.
   */
  public ImportScript withValidation(long importSuccesses, long importErrors) {
    return new ImportScript(
        pending,
        running,
        indexing,
        steps,
        totalRecords,
        outcome,
        error,
        new BulkImport.ValidationResult(importSuccesses, importErrors));
  }

  /** A short happy import for tests: pending 1s, running 3s in 3 steps, indexing 1s. */
  public static ImportScript quick() {
    return new ImportScript(
        Duration.ofSeconds(1),
        Duration.ofSeconds(3),
        Duration.ofSeconds(1),
        3,
        1_000_000,
        BulkImport.COMPLETED,
        null);
  }

  public ImportScript failingWith(String message) {
    return new ImportScript(
        pending, running, indexing, steps, totalRecords, BulkImport.FAILED, message, validation);
  }

  public ImportScript endingAs(String status) {
    return new ImportScript(
        pending, running, indexing, steps, totalRecords, status, null, validation);
  }

  public ImportScript scaled(double factor) {
    return new ImportScript(
        scale(pending, factor),
        scale(running, factor),
        scale(indexing, factor),
        steps,
        totalRecords,
        outcome,
        error,
        validation);
  }

  private static Duration scale(Duration d, double factor) {
    return Duration.ofMillis(Math.round(d.toMillis() * factor));
  }

  public Duration total() {
    return pending.plus(running).plus(indexing);
  }

  /** Where an import with this script stands after {@code elapsed}. */
  public Snapshot at(Duration elapsed) {
    if (elapsed.compareTo(pending) < 0) {
      return new Snapshot(BulkImport.PENDING, null, null, false);
    }
    Duration sinceStart = elapsed.minus(pending);
    if (sinceStart.compareTo(running) < 0) {
      // steps even jumps; the first one lands after 1/steps of the running time
      long step = running.isZero() ? steps : sinceStart.toMillis() * steps / running.toMillis();
      double percent = round1(100.0 * step / steps);
      long records = totalRecords * step / steps;
      return new Snapshot(BulkImport.IN_PROGRESS, percent, records, false);
    }
    if (sinceStart.compareTo(running.plus(indexing)) < 0) {
      return new Snapshot(BulkImport.IN_PROGRESS, 100.0, totalRecords, false);
    }
    boolean failed = BulkImport.FAILED.equals(outcome);
    return new Snapshot(
        outcome,
        failed ? null : 100.0,
        failed ? totalRecords / 2 : totalRecords,
        BulkImport.isTerminal(outcome));
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** Observable state at one instant. */
  public record Snapshot(
      String status, Double percentComplete, Long recordsImported, boolean finished) {}

  /** Number of distinct (status, percent, records) values a poller can see, outcome included. */
  public int visibleStates() {
    // Pending, steps values while running (0% .. (steps-1)/steps), 100% indexing, outcome
    return 1 + steps + 1 + 1;
  }
}
