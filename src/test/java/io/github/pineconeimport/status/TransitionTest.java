package io.github.pineconeimport.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.pinecone.BulkImport;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransitionTest {

  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  static PineconeImportStatus status(PineconeImportStatus before, String phase) {
    var imp =
        new BulkImport(
            "1", null, phase, null, null, 10.0, 5L, "Failed".equals(phase) ? "bad file" : null);
    return ImportStatusMapper.map(before, 1L, new Observation.Described(imp), NOW);
  }

  static PineconeImportStatus problem(PineconeImportStatus before, Reason r, String msg) {
    return ImportStatusMapper.map(before, 1L, new Problem(r, msg), NOW);
  }

  @ParameterizedTest(name = "{0} -> {1}: {2} {3}")
  @CsvSource({
    "InProgress, Completed, Normal,  ImportCompleted",
    "Pending,    Failed,    Warning, ImportFailed",
    "InProgress, Cancelled, Warning, ImportCancelled",
    ",           Completed, Normal,  ImportCompleted",
  })
  void terminalTransitionsRaiseOneEvent(String from, String to, String type, String reason) {
    var before = from == null ? null : status(null, from);
    var events = Transition.events(before, status(before, to));
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type().name()).isEqualTo(type);
              assertThat(e.reason().name()).isEqualTo(reason);
            });
  }

  @ParameterizedTest(name = "{0}, spec.cancel {1}: {2}")
  @CsvSource({
    "Cancelled, true,  Normal",
    "Cancelled, false, Warning",
    "Failed,    true,  Warning",
    "Completed, true,  Normal",
  })
  void aCancelTheUserAskedForIsNoWarning(String to, boolean cancelAsked, String type) {
    var before = status(null, "InProgress");
    assertThat(Transition.events(before, status(before, to), cancelAsked))
        .singleElement()
        .satisfies(e -> assertThat(e.type().name()).isEqualTo(type));
  }

  @Test
  void failedEventCarriesPineconesError() {
    var before = status(null, "InProgress");
    assertThat(Transition.events(before, status(before, "Failed")).get(0).message())
        .contains("bad file");
  }

  @ParameterizedTest
  @CsvSource({
    "Pending, InProgress",
    "InProgress, InProgress",
    "Completed, Completed",
    "Failed, Failed"
  })
  void progressAndRepeatsRaiseNothing(String from, String to) {
    var before = status(null, from);
    assertThat(Transition.events(before, status(before, to))).isEmpty();
  }

  @Test
  void aProblemNeedingAPersonRaisesOneWarningPerDistinctProblem() {
    var running = status(null, "InProgress");
    var missing = problem(running, Reason.SecretNotFound, "Secret a missing");
    assertThat(Transition.events(running, missing))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.SecretNotFound));
    assertThat(
            Transition.events(missing, problem(missing, Reason.SecretNotFound, "Secret a missing")))
        .isEmpty();
    assertThat(
            Transition.events(missing, problem(missing, Reason.SecretNotFound, "Secret b missing")))
        .hasSize(1);
    assertThat(Transition.events(missing, problem(missing, Reason.Unauthorized, "rejected")))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.Unauthorized));
  }

  @Test
  void transientTroubleRaisesNoEvent() {
    var running = status(null, "InProgress");
    assertThat(Transition.events(running, problem(running, Reason.PineconeUnavailable, "503")))
        .isEmpty();
  }

  static PineconeImportStatus completed(PineconeImportStatus before, Long successes, Long errors) {
    var imp =
        new BulkImport(
            "1",
            null,
            "Completed",
            null,
            null,
            100.0,
            successes,
            null,
            new BulkImport.ValidationResult(successes, errors));
    return ImportStatusMapper.map(before, 1L, new Observation.Described(imp), NOW);
  }

  @ParameterizedTest(name = "importErrors {0}: {1} {2}")
  @CsvSource({
    "10, Warning, ImportCompletedWithErrors",
    "1,  Warning, ImportCompletedWithErrors",
    "0,  Normal,  ImportCompleted",
    ",   Normal,  ImportCompleted",
  })
  void recordsThatFailedValidationTurnTheCompletionIntoOneWarning(
      Long errors, String type, String reason) {
    var before = status(null, "InProgress");
    var after = completed(before, 999_990L, errors);
    var events = Transition.events(before, after);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type().name()).isEqualTo(type);
              assertThat(e.reason().name()).isEqualTo(reason);
            });
    assertThat(Transition.events(after, completed(after, 999_990L, errors)))
        .as("once: the next poll at the completed import raises nothing")
        .isEmpty();
  }
}
