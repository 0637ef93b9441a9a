package io.github.pineconeimport.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.lifecycle.StartQueue.Candidate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartQueueTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  static Candidate c(String uid, int secondsAfter, String name) {
    return new Candidate(uid, T0.plusSeconds(secondsAfter), "ml", name);
  }

  @Test
  void firstInFirstOutByCreationTimeThenName() {
    record Row(String why, int cap, int running, String uid, StartQueue.Admission expected) {}
    var waiting =
        List.of(c("late", 30, "a"), c("early", 0, "z"), c("tie-b", 10, "b"), c("tie-a", 10, "a"));
    var rows =
        List.of(
            new Row("room for two: the oldest goes", 2, 0, "early", new StartQueue.Go()),
            new Row("room for two: the second oldest goes", 2, 0, "tie-a", new StartQueue.Go()),
            new Row(
                "room for two: the third waits first in line",
                2,
                0,
                "tie-b",
                new StartQueue.Wait(1, 4, 0)),
            new Row("one running, room for one", 2, 1, "early", new StartQueue.Go()),
            new Row(
                "one running: the second waits first", 2, 1, "tie-a", new StartQueue.Wait(1, 4, 1)),
            new Row("full: even the oldest waits", 2, 2, "early", new StartQueue.Wait(1, 4, 2)),
            new Row(
                "more running than the cap (started outside): all wait",
                2,
                5,
                "late",
                new StartQueue.Wait(4, 4, 5)));
    for (Row r : rows) {
      assertThat(StartQueue.admit(r.cap(), r.running(), waiting, r.uid()))
          .as(r.why())
          .isEqualTo(r.expected());
    }
  }
}
