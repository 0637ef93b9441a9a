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
}
