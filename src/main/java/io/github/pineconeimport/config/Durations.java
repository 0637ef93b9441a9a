package io.github.pineconeimport.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as Kubernetes users write them: 500ms, 30s, 2m, 1h, 1m30s. */
public final class Durations {

  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|h|m|s)");

  private Durations() {}

  /** Empty when the text is not a duration. */
  public static Optional<Duration> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    Matcher m = PART.matcher(text.strip());
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        return Optional.empty();
      }
      end = m.end();
      long n;
      try {
        n = Long.parseLong(m.group(1));
      } catch (NumberFormatException tooLong) {
        return Optional.empty();
      }
      try {
        total =
            total.plus(
                switch (m.group(2)) {
                  case "h" -> Duration.ofHours(n);
                  case "m" -> Duration.ofMinutes(n);
                  case "s" -> Duration.ofSeconds(n);
                  default -> Duration.ofMillis(n);
                });
      } catch (ArithmeticException overflow) {
        // 9999999999999999h: more than a Duration holds is not a duration anyone means
        return Optional.empty();
      }
    }
    return end == text.strip().length() ? Optional.of(total) : Optional.empty();
  }

  /** Short human form for messages: 90s -> 1m30s. */
  public static String format(Duration d) {
    long s = d.toSeconds();
    if (s == 0) {
      return d.toMillis() + "ms";
    }
    StringBuilder b = new StringBuilder();
    if (s >= 3600) {
      b.append(s / 3600).append('h');
      s %= 3600;
    }
    if (s >= 60) {
      b.append(s / 60).append('m');
      s %= 60;
    }
    if (s > 0 || b.length() == 0) {
      b.append(s).append('s');
    }
    return b.toString();
  }
}
