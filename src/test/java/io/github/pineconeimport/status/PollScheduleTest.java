package io.github.pineconeimport.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.pinecone.BulkImport;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PollScheduleTest {

  static final Duration POLL = Duration.ofSeconds(30);
  final PollSchedule schedule =
      new PollSchedule(Duration.ofMinutes(5), Duration.ofMinutes(2), new Random(42));

  static Observation described(String status) {
    return new Observation.Described(
        new BulkImport("1", null, status, null, null, null, null, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Completed", "Failed", "Cancelled"})
  void stopsForGoodOnceTerminal(String status) {
    assertThat(schedule.next(described(status), POLL, 0)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Pending", "InProgress", "SomethingNew"})
  void pollsRunningImportsAtTheSpecIntervalNeverSooner(String status) {
    for (int i = 0; i < 200; i++) {
      assertThat(schedule.next(described(status), POLL, 0).orElseThrow())
          .isBetween(POLL, POLL.plusMillis(500));
    }
  }

  @ParameterizedTest(name = "poll {0}s: later by up to {1} ms")
  @CsvSource({"1, 20", "5, 100", "25, 500", "30, 500", "600, 500"})
  void spreadsPollsByUpToTwoPercentAtMostHalfASecond(long pollSeconds, long maxJitterMillis) {
    Duration poll = Duration.ofSeconds(pollSeconds);
    assertThat(PollSchedule.maxPollJitter(poll)).isEqualTo(Duration.ofMillis(maxJitterMillis));
    var seen = new java.util.TreeSet<Duration>();
    for (int i = 0; i < 500; i++) {
      seen.add(schedule.next(described("InProgress"), poll, 0).orElseThrow());
    }
    assertThat(seen.first()).isGreaterThanOrEqualTo(poll);
    assertThat(seen.last()).isLessThanOrEqualTo(poll.plusMillis(maxJitterMillis));
    // spread over the whole range, not stuck at one end
    assertThat(seen.last().minus(seen.first()))
        .isGreaterThan(Duration.ofMillis(maxJitterMillis / 2));
  }

  @ParameterizedTest(name = "failure {0}: between {1}s and {2}s")
  @CsvSource({"1, 15, 30", "2, 30, 60", "3, 60, 120", "4, 120, 240", "5, 150, 300", "40, 150, 300"})
  void backsOffExponentiallyWithJitterUpToTheCap(int failures, long minSeconds, long maxSeconds) {
    for (int i = 0; i < 200; i++) {
      Duration d =
          schedule.next(new Problem(Reason.PineconeUnavailable, "m"), POLL, failures).orElseThrow();
      assertThat(d).isBetween(Duration.ofSeconds(minSeconds), Duration.ofSeconds(maxSeconds));
    }
  }

  @Test
  void jitterActuallyVaries() {
    var seen = new java.util.HashSet<Duration>();
    for (int i = 0; i < 20; i++) {
      seen.add(schedule.next(new Problem(Reason.PineconeUnavailable, "m"), POLL, 3).orElseThrow());
    }
    assertThat(seen).hasSizeGreaterThan(10);
  }

  @Test
  void retryAfterWinsOverAShorterBackoffButNotOverTheCap() {
    var limited = new Problem(Reason.RateLimited, "m", Duration.ofSeconds(100));
    assertThat(schedule.next(limited, POLL, 1)).contains(Duration.ofSeconds(100));
    var huge = new Problem(Reason.RateLimited, "m", Duration.ofHours(1));
    assertThat(schedule.next(huge, POLL, 1)).contains(Duration.ofMinutes(5));
  }

  @Test
  void problemsThatNeedAPersonAreRetriedSlowly() {
    for (int i = 0; i < 100; i++) {
      assertThat(schedule.next(new Problem(Reason.Unauthorized, "m"), POLL, 0).orElseThrow())
          .isBetween(Duration.ofSeconds(108), Duration.ofSeconds(132));
    }
  }
}
