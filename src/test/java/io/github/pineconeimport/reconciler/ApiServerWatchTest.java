package io.github.pineconeimport.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.reconciler.ApiServerWatch.Probe;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiServerWatchTest {

  @ParameterizedTest(name = "{0}, informers {1}, probe {2} -> {3}, catch up {4}")
  @CsvSource({
    // all is well
    "CONNECTED,    true,  NOT_ASKED, CONNECTED,    false",
    "CONNECTED,    true,  ANSWERED,  CONNECTED,    false",
    // a watch that expired and relists: the server never left, the relist brings changes
    "CONNECTED,    false, ANSWERED,  RECONNECTING, false",
    "RECONNECTING, true,  NOT_ASKED, CONNECTED,    false",
    // the API server goes away ...
    "CONNECTED,    false, NO_ANSWER, AWAY,         false",
    "RECONNECTING, false, NO_ANSWER, AWAY,         false",
    "AWAY,         false, NO_ANSWER, AWAY,         false",
    // ... with its connections left open: the watches look connected, the probe tells
    "CONNECTED,    true,  NO_ANSWER, AWAY,         false",
    "AWAY,         true,  NO_ANSWER, AWAY,         false",
    // informers down and nothing asked: not taken for an answer
    "CONNECTED,    false, NOT_ASKED, AWAY,         false",
    // ... and comes back: catch up once
    "AWAY,         false, ANSWERED,  RECONNECTING, true",
    "RECONNECTING, false, ANSWERED,  RECONNECTING, false",
    // or the watches came back between two checks
    "AWAY,         true,  ANSWERED,  CONNECTED,    true",
  })
  void decidesWhenToCatchUp(
      ApiServerWatch from, boolean informers, Probe probe, ApiServerWatch to, boolean catchUp) {
    assertThat(from.next(informers, probe)).isEqualTo(new ApiServerWatch.Step(to, catchUp));
  }

  @ParameterizedTest(name = "{0}, informers {1}, {2} s since the last probe -> probe {3}")
  @CsvSource({
    "CONNECTED,    true,  0, false",
    "CONNECTED,    true,  4, false",
    "CONNECTED,    true,  5, true",
    "CONNECTED,    false, 0, true",
    "RECONNECTING, false, 0, true",
    // away with the watches looking connected: every check, or it would flap back
    "AWAY,         true,  0, true",
  })
  void probesWhileConnectedEveryFewSecondsAndOtherwiseAlways(
      ApiServerWatch state, boolean informers, long seconds, boolean probe) {
    assertThat(state.probeNow(informers, Duration.ofSeconds(seconds))).isEqualTo(probe);
  }
}
