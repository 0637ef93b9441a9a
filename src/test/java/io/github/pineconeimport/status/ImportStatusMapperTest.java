package io.github.pineconeimport.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.pinecone.BulkImport;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImportStatusMapperTest {

  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  static BulkImport imp(String status) {
    return new BulkImport(
        "101",
        "s3://b/p/",
        status,
        "2026-03-01T09:00:00Z",
        BulkImport.isTerminal(status) ? "2026-03-01T09:50:00Z" : null,
        42.2,
        1_000_000L,
        "Failed".equals(status) ? "bad file" : null);
  }

  @ParameterizedTest(name = "{0} -> Ready={1} Reconciling={2} Stalled={3} reason {4}")
  @CsvSource({
    "Pending,    False, True,  False, ImportPending",
    "InProgress, False, True,  False, ImportInProgress",
    "Completed,  True,  False, False, ImportCompleted",
    "Failed,     False, False, True,  ImportFailed",
    "Cancelled,  False, False, True,  ImportCancelled",
    "Indexing,   False, True,  False, UnknownImportStatus",
  })
  void mapsPineconeStatusToConditions(
      String status, String ready, String reconciling, String stalled, String reason) {
    var s = ImportStatusMapper.map(null, 3L, new Observation.Described(imp(status)), NOW);

    assertThat(s.getPhase()).isEqualTo(status);
    assertThat(s.getObservedGeneration()).isEqualTo(3L);
    assertThat(cond(s, "Ready").getStatus()).isEqualTo(ready);
    assertThat(cond(s, "Reconciling").getStatus()).isEqualTo(reconciling);
    assertThat(cond(s, "Stalled").getStatus()).isEqualTo(stalled);
    assertThat(s.getConditions())
        .allSatisfy(
            c -> {
              assertThat(c.getReason()).isEqualTo(reason);
              assertThat(c.getObservedGeneration()).isEqualTo(3L);
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z");
            });
  }

  @ParameterizedTest(name = "{0} -> Reconciling={1} Stalled={2}")
  @CsvSource({
    "SecretNotFound,      False, True",
    "Unauthorized,        False, True",
    "HostNotAllowed,      False, True",
    "ImportNotFound,      False, True",
    "RateLimited,         True,  False",
    "PineconeUnavailable, True,  False",
    "PineconeTimeout,     True,  False",
  })
  void mapsProblemsToConditionsAndKeepsWhatWasObserved(
      Reason reason, String reconciling, String stalled) {
    var before =
        ImportStatusMapper.map(
            null, 1L, new Observation.Described(imp("InProgress")), NOW.minusSeconds(60));

    var s = ImportStatusMapper.map(before, 1L, new Problem(reason, "what to do"), NOW);

    assertThat(s.getPhase()).isEqualTo("InProgress");
    assertThat(s.getPercentComplete()).isEqualTo(42.2);
    assertThat(cond(s, "Ready").getStatus()).isEqualTo("False");
    assertThat(cond(s, "Reconciling").getStatus()).isEqualTo(reconciling);
    assertThat(cond(s, "Stalled").getStatus()).isEqualTo(stalled);
    assertThat(cond(s, "Stalled").getReason()).isEqualTo(reason.name());
    assertThat(cond(s, "Stalled").getMessage()).isEqualTo("what to do");
  }

  @Test
  void sameObservationTwiceGivesAnEqualStatusSoNothingIsWritten() {
    var first = ImportStatusMapper.map(null, 1L, new Observation.Described(imp("InProgress")), NOW);
    var second =
        ImportStatusMapper.map(
            first, 1L, new Observation.Described(imp("InProgress")), NOW.plusSeconds(30));
    assertThat(second).isEqualTo(first);
  }

  @Test
  void progressChangesStatusButNotTransitionTimes() {
    var first = ImportStatusMapper.map(null, 1L, new Observation.Described(imp("InProgress")), NOW);
    var more = new BulkImport("101", "s3://b/p/", "InProgress", null, null, 50.0, 2L, null);
    var second =
        ImportStatusMapper.map(first, 1L, new Observation.Described(more), NOW.plusSeconds(30));
    assertThat(second).isNotEqualTo(first);
    assertThat(second.getPercentComplete()).isEqualTo(50.0);
    assertThat(cond(second, "Reconciling").getLastTransitionTime())
        .isEqualTo(cond(first, "Reconciling").getLastTransitionTime());
    assertThat(cond(second, "Reconciling").getMessage()).contains("50.0% complete");
  }

  @Test
  void missingFieldsStayAbsent() {
    var bare = new BulkImport("101", null, "Pending", null, null, null, null, null);
    var s = ImportStatusMapper.map(null, 1L, new Observation.Described(bare), NOW);
    assertThat(s.getPercentComplete()).isNull();
    assertThat(s.getRecordsImported()).isNull();
    assertThat(s.getFinishedAt()).isNull();
  }

  @Test
  void isFinishedOnlyForTerminalPhaseAtTheCurrentGeneration() {
    var done = ImportStatusMapper.map(null, 2L, new Observation.Described(imp("Completed")), NOW);
    assertThat(ImportStatusMapper.isFinishedFor(done, 2L)).isTrue();
    assertThat(ImportStatusMapper.isFinishedFor(done, 3L)).isFalse();
    var running =
        ImportStatusMapper.map(null, 2L, new Observation.Described(imp("InProgress")), NOW);
    assertThat(ImportStatusMapper.isFinishedFor(running, 2L)).isFalse();
    assertThat(ImportStatusMapper.isFinishedFor(null, 2L)).isFalse();
  }

  static Condition cond(PineconeImportStatus s, String type) {
    return Conditions.find(s.getConditions(), type).orElseThrow();
  }

  /**
   * What carries over from the previous status: the import's own fields only while the spec still
   * names the import they describe; and a terminal phase stops polling only when the last poll, at
   * this generation, saw it.
   */
  @ParameterizedTest(
      name = "{0} of {1} at gen {2}, then {3} at gen {4} for {5} -> phase {6}, finished {7}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // the reported freeze: 101 Completed, spec now names 102, first poll is a 429
        "Completed  | 101 | 1 | RateLimited    | 2 | 102 | -          | false",
        "Completed  | 101 | 1 | SecretNotFound | 2 | 102 | -          | false",
        "Failed     | 101 | 1 | RateLimited    | 2 | 102 | -          | false",
        // same import, another field changed (say pollInterval): still Completed, but poll again
        "Completed  | 101 | 1 | RateLimited    | 2 | 101 | Completed  | false",
        "Completed  | 101 | 1 | SecretNotFound | 2 | 101 | Completed  | false",
        "Completed  | 101 | 1 | Completed      | 2 | 101 | Completed  | true",
        "Completed  | 101 | 1 | InProgress     | 2 | 102 | InProgress | false",
        "InProgress | 101 | 1 | RateLimited    | 1 | 101 | InProgress | false",
        "Cancelled  | 101 | 3 | Cancelled      | 3 | 101 | Cancelled  | true",
        // a status written before status.importId existed: same generation, same import
        "InProgress | -   | 1 | RateLimited    | 1 | 101 | InProgress | false",
        "Completed  | -   | 1 | RateLimited    | 2 | 101 | -          | false",
      })
  void carriesOverOnlyWhatDescribesTheSameImport(
      String oldPhase,
      String oldId,
      long oldGen,
      String observed,
      long gen,
      String importId,
      String phase,
      boolean finished) {
    var previous =
        ImportStatusMapper.map(
            null, oldGen, oldId, new Observation.Described(imp(oldPhase)), NOW.minusSeconds(600));
    previous.setImportId(oldId);
    Observation observation =
        BulkImport.isTerminal(observed) || observed.startsWith("In")
            ? new Observation.Described(imp(observed))
            : new Problem(Reason.valueOf(observed), "what to do");

    var s = ImportStatusMapper.map(previous, gen, importId, observation, NOW);

    assertThat(s.getPhase()).isEqualTo(phase);
    assertThat(s.getImportId()).isEqualTo(importId);
    assertThat(s.getObservedGeneration()).isEqualTo(gen);
    assertThat(ImportStatusMapper.isFinishedFor(s, gen)).isEqualTo(finished);
    if (phase == null) {
      assertThat(s.getPercentComplete()).isNull();
      assertThat(s.getRecordsImported()).isNull();
      assertThat(s.getFinishedAt()).isNull();
      assertThat(s.getError()).isNull();
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "42.25, 42.3",
    "0, 0.0",
    "100, 100.0",
    "99.95, 100.0",
    "12.34, 12.3",
    "7.05, 7.1",
    "0.04, 0.0",
    "33.333333, 33.3"
  })
  void printsProgressWithOneDecimalAsStringFormatWould(double pct, String shown) {
    assertThat(ImportStatusMapper.oneDecimal(pct))
        .isEqualTo(shown)
        .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f", pct));
  }

  static BulkImport withValidation(String status, Long successes, Long errors) {
    var i = imp(status);
    return new BulkImport(
        i.id(),
        i.uri(),
        i.status(),
        i.createdAt(),
        i.finishedAt(),
        100.0,
        successes,
        null,
        new BulkImport.ValidationResult(successes, errors));
  }

  @ParameterizedTest(name = "importErrors {0}: Ready message \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "10 | Import completed, 999990 records imported; 10 records failed Pinecone's validation"
            + " and were not imported",
        "1  | Import completed, 999990 records imported; 1 record failed Pinecone's validation"
            + " and was not imported",
        "0  | Import completed, 999990 records imported",
      })
  void aCompletedImportWithInvalidRecordsSaysSoAndStaysReady(long errors, String message) {
    var s =
        ImportStatusMapper.map(
            null,
            1L,
            new Observation.Described(withValidation("Completed", 999_990L, errors)),
            NOW);
    assertThat(cond(s, "Ready").getStatus()).isEqualTo("True");
    assertThat(cond(s, "Ready").getReason()).isEqualTo("ImportCompleted");
    assertThat(cond(s, "Ready").getMessage()).isEqualTo(message);
    assertThat(cond(s, "Stalled").getStatus()).isEqualTo("False");
    assertThat(s.getValidationResult().getImportSuccesses()).isEqualTo(999_990L);
    assertThat(s.getValidationResult().getImportErrors()).isEqualTo(errors);
    assertThat(ImportStatusMapper.isFinishedFor(s, 1L)).isTrue();
  }

  @Test
  void aValidationResultWhileRunningIsMirroredAndAnEqualOneWritesNothing() {
    var running = withValidation("InProgress", 500L, 3L);
    var s = ImportStatusMapper.map(null, 1L, new Observation.Described(running), NOW);
    assertThat(s.getValidationResult().getImportErrors()).isEqualTo(3L);
    assertThat(cond(s, "Ready").getMessage()).doesNotContain("validation");
    var again =
        ImportStatusMapper.map(s, 1L, new Observation.Described(running), NOW.plusSeconds(30));
    assertThat(again).isEqualTo(s);
    var more =
        ImportStatusMapper.map(
            s,
            1L,
            new Observation.Described(withValidation("InProgress", 900L, 4L)),
            NOW.plusSeconds(60));
    assertThat(more).isNotEqualTo(s);
    assertThat(more.getValidationResult().getImportErrors()).isEqualTo(4L);
  }
}
