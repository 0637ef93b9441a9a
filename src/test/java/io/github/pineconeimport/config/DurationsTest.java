package io.github.pineconeimport.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "30s, 30000",
    "2m, 120000",
    "1m30s, 90000",
    "1h, 3600000",
    "500ms, 500",
    "1h2m3s, 3723000"
  })
  void parsesGoStyleDurations(String text, long millis) {
    assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "s", "1.5s", "-1s", "1d", "30 s", "1m 30s", "PT30S"})
  void rejectsEverythingElse(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"90, 1m30s", "30, 30s", "3600, 1h", "3725, 1h2m5s"})
  void formatsShort(long seconds, String text) {
    assertThat(Durations.format(Duration.ofSeconds(seconds))).isEqualTo(text);
  }
}
