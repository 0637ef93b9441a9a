package io.github.pineconeimport.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.api.v1alpha1.StartIntent;
import io.github.pineconeimport.fake.ManualClock;
import io.github.pineconeimport.pinecone.HostBudget;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ImportMemoryTest {

  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  final ManualClock clock = new ManualClock(T);
  final HostBudget budget = new HostBudget(HostBudget.Settings.of(10, 1), clock);
  final ImportMemory gate = new ImportMemory(clock, budget);
  final ImportMemory.Inputs inputs = new ImportMemory.Inputs(1L, "7");

  @Test
  void anEarlyWakeUpWithNothingChangedWaitsForTheScheduledPoll() {
    gate.scheduled("u", inputs, 0, T.plusSeconds(30));
    assertThat(gate.remaining("u", inputs, T.plusSeconds(10))).contains(Duration.ofSeconds(20));
  }

  @Test
  void aDuePollGoesAhead() {
    gate.scheduled("u", inputs, 0, T.plusSeconds(30));
    assertThat(gate.remaining("u", inputs, T.plusSeconds(30))).isEmpty();
  }

  @Test
  void aNewSpecOrARotatedSecretGoesAheadAtOnce() {
    gate.scheduled("u", inputs, 0, T.plusSeconds(120));
    assertThat(gate.remaining("u", new ImportMemory.Inputs(2L, "7"), T)).isEmpty();
    assertThat(gate.remaining("u", new ImportMemory.Inputs(1L, "8"), T)).isEmpty();
  }

  @Test
  void unknownOrForgottenResourcesGoAhead() {
    assertThat(gate.remaining("u", inputs, T)).isEmpty();
    gate.scheduled("u", inputs, 0, T.plusSeconds(30));
    gate.forget("u");
    assertThat(gate.remaining("u", inputs, T)).isEmpty();
  }

  @Test
  void keepsTheFailuresInARowTheLastLookRecorded() {
    assertThat(gate.failed("u")).isEqualTo(1);
    gate.scheduled("u", inputs, 2, T.plusSeconds(1));
    assertThat(gate.failures("u")).isEqualTo(2);
    assertThat(gate.failed("u")).isEqualTo(3);
    gate.scheduled("u", inputs, 0, T.plusSeconds(1));
    assertThat(gate.failures("u")).isZero();
  }

  @Test
  void anUnrecordedStartIsHandedOutOnceAndOnlyForItsOwnIntent() {
    var intent = new StartIntent("2026-01-01T00:00:00Z", "s3://b/p/", 1);
    gate.unrecorded("u", intent, "101");
    assertThat(gate.takeUnrecorded("u", new StartIntent("2026-01-01T00:00:00Z", "s3://b/p/", 2)))
        .isEmpty();
    gate.unrecorded("u", intent, "101");
    assertThat(gate.takeUnrecorded("u", intent)).contains("101");
    assertThat(gate.takeUnrecorded("u", intent)).isEmpty();
  }

  @Test
  void oneForgetDropsEverythingAboutTheImport() {
    gate.scheduled("u", inputs, 3, T.plusSeconds(30));
    gate.unrecorded("u", new StartIntent("2026-01-01T00:00:00Z", "s3://b/p/", 1), "101");
    gate.forget("u");
    assertThat(gate.remaining("u", inputs, T)).isEmpty();
    assertThat(gate.failures("u")).isZero();
    assertThat(gate.takeUnrecorded("u", new StartIntent("2026-01-01T00:00:00Z", "s3://b/p/", 1)))
        .isEmpty();
    assertThat(gate.size()).isZero();
  }

  @Test
  void forgetsResourcesThatWereNeverRescheduledAgain() {
    gate.scheduled("deleted", inputs, 0, T);
    gate.scheduled("live", inputs, 0, T.plus(Duration.ofHours(2)));
    gate.prune(T.plus(Duration.ofHours(2)));
    assertThat(gate.size()).isEqualTo(1);
    assertThat(gate.remaining("live", inputs, T.plus(Duration.ofHours(1)))).isPresent();
  }

  @Test
  void oneImportWithALongIntervalDoesNotWipeTheMemoryOfTheOthers() {
    // 1,023 imports polled every 30s, each with backoff state; the 1,024th write (which prunes)
    // comes from an import that looks again in 2h
    for (int i = 0; i < 1023; i++) {
      gate.scheduled("u" + i, inputs, 1, T.plusSeconds(30));
    }
    gate.scheduled("slow", inputs, 0, T.plus(Duration.ofHours(2)));

    assertThat(gate.size()).isEqualTo(1024);
    assertThat(gate.remaining("u7", inputs, T.plusSeconds(10))).contains(Duration.ofSeconds(20));
    assertThat(gate.failures("u7")).as("backoff counter kept").isEqualTo(1);
  }

  @Test
  void theAutomaticPruneDropsOnlyEntriesLongPastDueAtTheCurrentTime() {
    gate.scheduled("deleted", inputs, 0, T);
    clock.advance(ImportMemory.STALE.plusMinutes(1));
    for (int i = 1; i < 1024; i++) {
      gate.scheduled("u" + i, inputs, 0, clock.instant().plus(Duration.ofHours(3)));
    }
    assertThat(gate.size()).isEqualTo(1023);
    assertThat(gate.remaining("deleted", inputs, clock.instant())).isEmpty();
  }
}
