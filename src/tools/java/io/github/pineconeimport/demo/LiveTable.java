package io.github.pineconeimport.demo;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.status.Conditions;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints PineconeImports the way {@code kubectl get pineconeimports -w} does: a header, then a line
 * whenever what a column shows changes. Plain lines only, so it reads the same in a terminal and in
 * a CI log.
 */
final class LiveTable {

  private static final String FORMAT = "%-22s %-12s %-9s %-10s %-6s %-5s %s%n";
  private static final int MESSAGE_WIDTH = 70;

  private final PrintStream out;
  private final Clock clock;
  private final Map<String, List<String>> shown = new HashMap<>();

  LiveTable(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  synchronized void header() {
    out.printf(FORMAT, "NAME", "STATUS", "PROGRESS", "RECORDS", "READY", "AGE", "MESSAGE");
  }

  /** Prints a line for this resource if anything but its age changed since the last one. */
  synchronized void update(PineconeImport cr) {
    PineconeImportStatus s = cr.getStatus();
    String phase = s == null || s.getPhase() == null ? "" : s.getPhase();
    String progress =
        s == null || s.getPercentComplete() == null
            ? ""
            : String.format(Locale.ROOT, "%.1f", s.getPercentComplete());
    String records =
        s == null || s.getRecordsImported() == null ? "" : s.getRecordsImported().toString();
    String ready =
        s == null
            ? ""
            : Conditions.find(s.getConditions(), Conditions.READY)
                .map(c -> c.getStatus())
                .orElse("");
    String message =
        s == null
            ? ""
            : Conditions.find(s.getConditions(), Conditions.READY)
                .map(c -> c.getMessage())
                .orElse("");
    List<String> columns = List.of(phase, progress, records, ready, message);
    String name = cr.getMetadata().getName();
    if (columns.equals(shown.put(name, columns))) {
      return;
    }
    out.printf(FORMAT, name, phase, progress, records, ready, age(cr), shorten(message));
  }

  private String age(PineconeImport cr) {
    String created = cr.getMetadata().getCreationTimestamp();
    if (created == null) {
      return "0s";
    }
    long seconds =
        Math.max(0, Duration.between(Instant.parse(created), clock.instant()).toSeconds());
    return seconds < 120 ? seconds + "s" : (seconds / 60) + "m";
  }

  private static String shorten(String message) {
    return message.length() <= MESSAGE_WIDTH
        ? message
        : message.substring(0, MESSAGE_WIDTH - 3) + "...";
  }
}
