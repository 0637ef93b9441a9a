package io.github.pineconeimport.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant T2 = Instant.parse("2026-01-01T00:05:00.123Z");

  @Test
  void keepsTransitionTimeWhileStatusStaysTheSame() {
    var first = Conditions.set(List.of(), "Ready", false, "ImportPending", "a", 1L, T1);
    var second = Conditions.set(first, "Ready", false, "ImportInProgress", "b", 1L, T2);
    assertThat(second)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
              assertThat(c.getReason()).isEqualTo("ImportInProgress");
              assertThat(c.getMessage()).isEqualTo("b");
            });
  }

  @Test
  void movesTransitionTimeWhenStatusFlipsTruncatedToSeconds() {
    var first = Conditions.set(List.of(), "Ready", false, "ImportInProgress", "a", 1L, T1);
    var second = Conditions.set(first, "Ready", true, "ImportCompleted", "done", 1L, T2);
    assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T00:05:00Z");
    assertThat(second.get(0).getStatus()).isEqualTo("True");
  }

  @Test
  void replacesByTypeAndKeepsOthersAndOrder() {
    var list = Conditions.set(List.of(), "Ready", false, "R", "m", 1L, T1);
    list = Conditions.set(list, "Stalled", false, "R", "m", 1L, T1);
    list = Conditions.set(list, "Ready", true, "Done", "m", 2L, T2);
    assertThat(list).extracting("type").containsExactly("Ready", "Stalled");
    assertThat(list.get(0).getObservedGeneration()).isEqualTo(2L);
    assertThat(list.get(1).getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void capsLongMessages() {
    var list = Conditions.set(List.of(), "Ready", false, "R", "x".repeat(10_000), 1L, T1);
    assertThat(list.get(0).getMessage()).hasSize(Conditions.MAX_MESSAGE + 1);
    assertThat(Conditions.isTrue(list, "Ready")).isFalse();
  }
}
