package io.github.pineconeimport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench --floor}, small: each part makes one poll per import per poll, at the pace it is
 * given, and is charged for it. Counts only; the CPU figures are for a quiet machine.
 */
class PollFloorIT {

  static final int IMPORTS = 20;
  static final Duration POLL = Duration.ofSeconds(1);
  static final Duration WINDOW = Duration.ofSeconds(3);

  @Test
  void eachPartLooksAtEveryImportOncePerPollAndIsCharged() throws Exception {
    List<PollFloor.Part> parts = PollFloor.measure(IMPORTS, POLL, Duration.ofSeconds(1), WINDOW);

    assertThat(parts)
        .extracting(PollFloor.Part::name)
        .containsExactly("get", "get, blocking", "schedule", "josdk");
    long expected = IMPORTS * WINDOW.toSeconds() / POLL.toSeconds();
    assertThat(parts)
        .allSatisfy(
            p -> {
              // paced, not a busy loop: about one poll per import per poll (start and end of the
              // window cut at most one poll's worth either way)
              assertThat(p.polls()).isBetween(expected - IMPORTS - 1, expected + IMPORTS + 1);
              assertThat(p.cpuSeconds()).isPositive();
            });
    // the printed table gives each part's own measured figures
    String table = PollFloor.table(IMPORTS, POLL, parts);
    assertThat(table).contains("CPU ms per poll");
    for (PollFloor.Part p : parts) {
      assertThat(table)
          .contains(String.format("| %s | %,d | %.3f |", p.name(), p.polls(), p.msPerPoll()));
    }
  }
}
