package io.github.pineconeimport.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PollGateTest {

  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  final PollGate gate = new PollGate();
  final PollGate.Inputs inputs = new PollGate.Inputs(1L, "7");

  @Test
  void anEarlyWakeUpWithNothingChangedWaitsForTheScheduledPoll() {
    gate.scheduled("u", inputs, T.plusSeconds(30));
    assertThat(gate.remaining("u", inputs, T.plusSeconds(10))).contains(Duration.ofSeconds(20));
  }

  @Test
  void aDuePollGoesAhead() {
    gate.scheduled("u", inputs, T.plusSeconds(30));
    assertThat(gate.remaining("u", inputs, T.plusSeconds(30))).isEmpty();
  }

  @Test
  void aNewSpecOrARotatedSecretGoesAheadAtOnce() {
    gate.scheduled("u", inputs, T.plusSeconds(120));
    assertThat(gate.remaining("u", new PollGate.Inputs(2L, "7"), T)).isEmpty();
    assertThat(gate.remaining("u", new PollGate.Inputs(1L, "8"), T)).isEmpty();
  }

  @Test
  void unknownOrForgottenResourcesGoAhead() {
    assertThat(gate.remaining("u", inputs, T)).isEmpty();
    gate.scheduled("u", inputs, T.plusSeconds(30));
    gate.forget("u");
    assertThat(gate.remaining("u", inputs, T)).isEmpty();
  }

  @Test
  void countsTransientFailuresInARowAndResetsOnAnythingElse() {
    assertThat(gate.failures("u", true)).isEqualTo(1);
    gate.scheduled("u", inputs, T.plusSeconds(1));
    assertThat(gate.failures("u", true)).isEqualTo(2);
    assertThat(gate.failures("u", true)).isEqualTo(3);
    assertThat(gate.failures("u", false)).isZero();
    assertThat(gate.failures("u", true)).isEqualTo(1);
  }

  @Test
  void forgetsResourcesThatWereNeverRescheduledAgain() {
    gate.scheduled("deleted", inputs, T);
    gate.scheduled("live", inputs, T.plus(Duration.ofHours(2)));
    gate.prune(T.plus(Duration.ofHours(2)));
    assertThat(gate.size()).isEqualTo(1);
    assertThat(gate.remaining("live", inputs, T.plus(Duration.ofHours(1)))).isPresent();
  }
}
