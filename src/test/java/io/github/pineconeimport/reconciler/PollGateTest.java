package io.github.pineconeimport.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.fake.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PollGateTest {

  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  final ManualClock clock = new ManualClock(T);
  final PollGate gate = new PollGate(clock);
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

  @Test
  void oneImportWithALongIntervalDoesNotWipeTheMemoryOfTheOthers() {
    // 1,023 imports polled every 30s, each with backoff state; the 1,024th write (which prunes)
    // comes from an import that looks again in 2h
    for (int i = 0; i < 1023; i++) {
      gate.failures("u" + i, true);
      gate.scheduled("u" + i, inputs, T.plusSeconds(30));
    }
    gate.scheduled("slow", inputs, T.plus(Duration.ofHours(2)));

    assertThat(gate.size()).isEqualTo(1024);
    assertThat(gate.remaining("u7", inputs, T.plusSeconds(10))).contains(Duration.ofSeconds(20));
    assertThat(gate.failures("u7", true)).as("backoff counter kept").isEqualTo(2);
  }

  @Test
  void theAutomaticPruneDropsOnlyEntriesLongPastDueAtTheCurrentTime() {
    gate.scheduled("deleted", inputs, T);
    clock.advance(PollGate.STALE.plusMinutes(1));
    for (int i = 1; i < 1024; i++) {
      gate.scheduled("u" + i, inputs, clock.instant().plus(Duration.ofHours(3)));
    }
    assertThat(gate.size()).isEqualTo(1023);
    assertThat(gate.remaining("deleted", inputs, clock.instant())).isEmpty();
  }
}
