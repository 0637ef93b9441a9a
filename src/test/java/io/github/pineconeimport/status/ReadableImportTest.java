package io.github.pineconeimport.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.pinecone.BulkImport;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Regression cases the mapper's property test found, and the decision table for percentages. */
class ReadableImportTest {

  @ParameterizedTest(name = "percentComplete {0} is shown as {1}")
  @CsvSource(
      nullValues = "none",
      value = {
        "0,          0.0",
        "-0.0,       0.0",
        "42.2,       42.2",
        "100,        100.0",
        "NaN,        none",
        "Infinity,   none",
        "-Infinity,  none",
        "-1,         none",
        "-1e-300,    none",
        "100.000001, none",
        "1e21,       none",
        "none,       none",
      })
  void showsOnlyPercentagesThatArePercentages(Double received, Double shown) {
    assertThat(ReadableImport.percent(received)).isEqualTo(shown);
  }

  @Test
  void aNanPercentageIsLeftOutOfStatusAndMessage() {
    var imp =
        new BulkImport("101", "s3://b/", BulkImport.IN_PROGRESS, null, null, Double.NaN, -5L, null);
    var s =
        ImportStatusMapper.map(
            null, 1L, "101", new Observation.Described(imp), Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(s.getPercentComplete()).isNull();
    assertThat(s.getRecordsImported()).isNull();
    assertThat(s.getConditions())
        .allSatisfy(c -> assertThat(c.getMessage()).isEqualTo("Import is in progress"));
    ReadableStatus.assertReadable(s);
  }

  @Test
  void longTextFromPineconeIsCut() {
    String huge = "x".repeat(300_000);
    var imp = new BulkImport(huge, huge, huge, huge, huge, null, null, huge);
    var s =
        ImportStatusMapper.map(
            null, 1L, "101", new Observation.Described(imp), Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(s.getPhase()).hasSize(Conditions.MAX_MESSAGE + 1).endsWith("…");
    assertThat(s.getUri()).hasSize(Conditions.MAX_MESSAGE + 1);
    assertThat(s.getCreatedAt()).hasSize(Conditions.MAX_MESSAGE + 1);
    assertThat(s.getFinishedAt()).hasSize(Conditions.MAX_MESSAGE + 1);
    assertThat(s.getError()).hasSize(Conditions.MAX_MESSAGE + 1);
  }

  @ParameterizedTest(name = "validationResult {0}/{1} is shown as {2}/{3}")
  @CsvSource(
      nullValues = "none",
      value = {
        "999990, 10,   999990, 10",
        "0,      0,    0,      0",
        "-1,     10,   none,   10",
        "5,      -3,   5,      none",
        "none,   7,    none,   7",
      })
  void showsOnlyValidationCountsThatAreCounts(
      Long successes, Long errors, Long shownSuccesses, Long shownErrors) {
    var shown = ReadableImport.validation(new BulkImport.ValidationResult(successes, errors));
    assertThat(shown.importSuccesses()).isEqualTo(shownSuccesses);
    assertThat(shown.importErrors()).isEqualTo(shownErrors);
  }

  @Test
  void aValidationResultWithNoCountLeftIsNone() {
    assertThat(ReadableImport.validation(new BulkImport.ValidationResult(-1L, -2L))).isNull();
    assertThat(ReadableImport.validation(new BulkImport.ValidationResult(null, null))).isNull();
    assertThat(ReadableImport.validation(null)).isNull();
  }
}
