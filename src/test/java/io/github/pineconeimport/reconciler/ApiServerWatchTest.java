package io.github.pineconeimport.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiServerWatchTest {

  @ParameterizedTest(name = "{0}, informers {1}, answers {2} -> {3}, catch up {4}")
  @CsvSource({
    // all is well
    "CONNECTED,    true,  false, CONNECTED,    false",
    // a watch that expired and relists: the server never left, the relist brings changes
    "CONNECTED,    false, true,  RECONNECTING, false",
    "RECONNECTING, true,  false, CONNECTED,    false",
    // the API server goes away ...
    "CONNECTED,    false, false, AWAY,         false",
    "RECONNECTING, false, false, AWAY,         false",
    "AWAY,         false, false, AWAY,         false",
    // ... and answers again: every import is looked at once, before the watches are back
    "AWAY,         false, true,  RECONNECTING, true",
    "RECONNECTING, false, true,  RECONNECTING, false",
    // or the watches came back between two checks
    "AWAY,         true,  false, CONNECTED,    true",
  })
  void decidesWhenToCatchUp(
      ApiServerWatch from, boolean informers, boolean answers, ApiServerWatch to, boolean catchUp) {
    assertThat(from.next(informers, answers)).isEqualTo(new ApiServerWatch.Step(to, catchUp));
  }
}
