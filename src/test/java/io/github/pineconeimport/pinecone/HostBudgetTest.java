package io.github.pineconeimport.pinecone;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.fake.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostBudgetTest {

  static final String A = "a.svc.pinecone.io";
  static final String B = "b.svc.pinecone.io";

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  HostBudget budget(double rate, int burst, int maxInFlight) {
    return new HostBudget(new HostBudget.Settings(rate, burst, 1, 2, maxInFlight), clock);
  }

  static boolean goes(HostBudget.Admission a) {
    if (a instanceof HostBudget.Admission.Go go) {
      go.permit().close();
      return true;
    }
    return false;
  }

  static Duration waitOf(HostBudget.Admission a) {
    return ((HostBudget.Admission.Wait) a).delay();
  }

  @Test
  void aBurstGoesAtOnceThenImportsAreBookedOneIntervalApart() {
    var budget = budget(100, 10, 100);
    for (int i = 0; i < 10; i++) {
      assertThat(goes(budget.admit(A, "imp-" + i))).as("burst %d", i).isTrue();
    }
    List<Duration> waits = new ArrayList<>();
    for (int i = 10; i < 15; i++) {
      waits.add(waitOf(budget.admit(A, "imp-" + i)));
    }
    assertThat(waits)
        .containsExactly(
            Duration.ofMillis(10),
            Duration.ofMillis(20),
            Duration.ofMillis(30),
            Duration.ofMillis(40),
            Duration.ofMillis(50));
  }

  @Test
  void aRestartOfThousandsOfImportsNeverSendsMoreThanTheRatePlusTheBurstInAnySecond() {
    var budget = budget(100, 10, 100);
    // 5,000 imports all want their first poll at the same instant; each comes back when told
    TreeMap<Long, List<String>> due = new TreeMap<>();
    for (int i = 0; i < 5000; i++) {
      due.computeIfAbsent(0L, k -> new ArrayList<>()).add("imp-" + i);
    }
    TreeMap<Long, Integer> sentPerSecond = new TreeMap<>();
    long start = clock.millis();
    int attempts = 0;
    while (!due.isEmpty()) {
      var next = due.pollFirstEntry();
      clock.set(Instant.ofEpochMilli(start + next.getKey()));
      for (String imp : next.getValue()) {
        attempts++;
        var a = budget.admit(A, imp);
        if (goes(a)) {
          sentPerSecond.merge(next.getKey() / 1000, 1, Integer::sum);
        } else {
          due.computeIfAbsent(next.getKey() + waitOf(a).toMillis(), k -> new ArrayList<>())
              .add(imp);
        }
      }
    }
    assertThat(sentPerSecond.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(5000);
    assertThat(sentPerSecond.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(110));
    // the last first poll comes about 50 s in: 5,000 at 100/s, nothing wasted on idling
    assertThat(sentPerSecond.lastKey()).isBetween(49L, 50L);
    // each import is told once when to come back, and then goes: no herd of retries
    assertThat(attempts).isLessThanOrEqualTo(5000 * 2);
  }

  @Test
  void anImportBackEarlyWaitsTheRestOfItsSlotAndKeepsIt() {
    var budget = budget(10, 1, 100);
    assertThat(goes(budget.admit(A, "first"))).isTrue();
    assertThat(waitOf(budget.admit(A, "second"))).isEqualTo(Duration.ofMillis(100));
    clock.advance(Duration.ofMillis(40));
    assertThat(waitOf(budget.admit(A, "second"))).isEqualTo(Duration.ofMillis(60));
    // a newcomer is booked behind it, not in front
    assertThat(waitOf(budget.admit(A, "third"))).isEqualTo(Duration.ofMillis(160));
    clock.advance(Duration.ofMillis(60));
    assertThat(goes(budget.admit(A, "second"))).isTrue();
  }

  @ParameterizedTest(name = "{0} 429s {1} s apart, then {2} s quiet: rate {3}/s")
  @CsvSource({
    "1, 0, 0, 50", // one 429 halves the rate
    "3, 0, 0, 50", // answers to requests already in flight count once
    "2, 1, 0, 26", // a second window halves again (grown by 2/s in between: 52 / 2)
    "1, 0, 10, 70", // then it grows back 2 requests/s per second
    "1, 0, 100, 100" // up to the configured rate, not beyond
  })
  void aThrottledHostHalvesItsRateAndGrowsItBackStepByStep(
      int throttles, int apartSeconds, int quietSeconds, double expected) {
    var budget = budget(100, 10, 100);
    for (int i = 0; i < throttles; i++) {
      clock.advance(Duration.ofSeconds(i == 0 ? 0 : apartSeconds));
      budget.throttled(A);
    }
    clock.advance(Duration.ofSeconds(quietSeconds));
    assertThat(budget.rate(A)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void aRunOf429sNeverPushesTheRateBelowItsFloor() {
    var budget = new HostBudget(new HostBudget.Settings(100, 10, 10, 0, 100), clock);
    for (int i = 0; i < 6; i++) {
      budget.throttled(A);
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(budget.rate(A)).isEqualTo(10);
  }

  @Test
  void aHostWithItsRequestsHangingHoldsBackOnlyItsOwnImports() {
    var budget = budget(100, 10, 2);
    var first = (HostBudget.Admission.Go) budget.admit(A, "a-1");
    var second = (HostBudget.Admission.Go) budget.admit(A, "a-2");
    // both of A's places are taken by requests that do not come back
    assertThat(budget.admit(A, "a-3")).isInstanceOf(HostBudget.Admission.Wait.class);
    budget.throttled(A);
    // B is untouched: its own pace, its own places, its full rate
    for (int i = 0; i < 10; i++) {
      assertThat(goes(budget.admit(B, "b-" + i))).isTrue();
    }
    assertThat(budget.rate(B)).isEqualTo(100);
    first.permit().close();
    second.permit().close();
    clock.advance(Duration.ofSeconds(1));
    assertThat(goes(budget.admit(A, "a-3"))).isTrue();
  }

  @Test
  void aForgottenImportGivesUpItsBooking() {
    var budget = budget(10, 1, 100);
    assertThat(goes(budget.admit(A, "first"))).isTrue();
    assertThat(waitOf(budget.admit(A, "gone"))).isEqualTo(Duration.ofMillis(100));
    budget.forget("gone");
    clock.advance(Duration.ofMillis(100));
    // back as a newcomer, it is paced again instead of using a stale slot
    assertThat(waitOf(budget.admit(A, "gone"))).isEqualTo(Duration.ofMillis(100));
  }
}
