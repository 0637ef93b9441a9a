package io.github.pineconeimport.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What "a status a user can read" means, whatever Pinecone answered: the API server accepts it
 * (plain JSON numbers, no NaN), a percentage is a percentage, a count is not negative, every text
 * is cut to a length kubectl can show, and exactly one of Ready, Reconciling and Stalled is True,
 * as kstatus expects.
 */
public final class ReadableStatus {

  static final int MAX_TEXT = Conditions.MAX_MESSAGE + 1;
  private static final Pattern PERCENT_SHOWN = Pattern.compile("^Import is (\\S+)% complete");
  private static final JsonMapper STRICT = JsonMapper.builder().build();

  private ReadableStatus() {}

  public static void assertReadable(PineconeImportStatus s) {
    assertThat(s.getPercentComplete())
        .as("percentComplete")
        .satisfiesAnyOf(p -> assertThat(p).isNull(), p -> assertThat(p).isBetween(0.0, 100.0));
    if (s.getPercentComplete() != null) {
      assertThat(Double.doubleToRawLongBits(s.getPercentComplete()))
          .as("no -0.0")
          .isNotEqualTo(Double.doubleToRawLongBits(-0.0));
    }
    assertThat(s.getRecordsImported())
        .as("recordsImported")
        .satisfiesAnyOf(r -> assertThat(r).isNull(), r -> assertThat(r).isNotNegative());
    if (s.getValidationResult() != null) {
      assertThat(
              Stream.of(
                  s.getValidationResult().getImportSuccesses(),
                  s.getValidationResult().getImportErrors()))
          .as("validationResult counts")
          .allSatisfy(n -> assertThat(n == null || n >= 0).isTrue())
          .anySatisfy(n -> assertThat(n).isNotNull());
    }
    Stream.of(
            s.getPhase(),
            s.getUri(),
            s.getCreatedAt(),
            s.getFinishedAt(),
            s.getError(),
            s.getImportId())
        .filter(t -> t != null)
        .forEach(
            t ->
                assertThat(t.length()).as("length of a status text").isLessThanOrEqualTo(MAX_TEXT));
    List<Condition> conditions = s.getConditions();
    assertThat(conditions)
        .extracting(Condition::getType)
        .containsExactlyInAnyOrder(Conditions.READY, Conditions.RECONCILING, Conditions.STALLED);
    assertThat(conditions.stream().filter(c -> Conditions.TRUE.equals(c.getStatus())))
        .as("exactly one of Ready, Reconciling, Stalled is True")
        .hasSize(1);
    for (Condition c : conditions) {
      assertThat(c.getReason()).matches("[A-Z][A-Za-z]*");
      assertThat(c.getMessage()).isNotBlank();
      assertThat(c.getMessage().length()).isLessThanOrEqualTo(MAX_TEXT);
      Matcher shown = PERCENT_SHOWN.matcher(c.getMessage());
      if (shown.find()) {
        assertThat(shown.group(1)).as(c.getMessage()).matches("[0-9]+\\.[0-9]");
        assertThat(Double.parseDouble(shown.group(1))).as(c.getMessage()).isBetween(0.0, 100.0);
      }
    }
    JsonNode wire = strictJson(Serialization.asJson(s));
    JsonNode pct = wire.path("percentComplete");
    assertThat(pct.isMissingNode() || pct.isNumber())
        .as("percentComplete on the wire: %s", pct)
        .isTrue();
  }

  /** Parsed as the API server would: plain JSON, no NaN or Infinity tokens. */
  private static JsonNode strictJson(String text) {
    try {
      return STRICT.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("status is not plain JSON: " + e.getMessage(), e);
    }
  }
}
