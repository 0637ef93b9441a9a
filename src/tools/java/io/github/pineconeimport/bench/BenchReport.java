package io.github.pineconeimport.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The benchmark's figures as a markdown table per N (stdout, docs/performance.md) and as JSON. */
public final class BenchReport {

  private BenchReport() {}

  static void writeJson(Object result, Path file) throws IOException {
    JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build()
        .writeValue(file.toFile(), result);
  }

  static String markdown(RestartPhase.Result r, Profile profile) {
    return String.format(
        Locale.ROOT,
        """
        ### Restart with N = %,d running imports on %d index hosts (poll %s)

        | | |
        |---|---:|
        | every import looked at: first start (creating the resources included) | %.1f s |
        | every import looked at again after the restart | %.1f s |
        | busiest second of any one index host during the restart | %d requests |
        | Pinecone requests from the restart to the last first poll | %,d |
        | heap retained by the operator with every import cached | %.1f MiB |
        | finished | %s |
        """,
        r.imports(),
        r.hosts(),
        seconds(profile.poll().toMillis()),
        r.firstStartSeconds(),
        r.restartSeconds(),
        r.busiestHostRequestsInOneSecond(),
        r.requestsToFirstLooks(),
        r.heapRetainedBytes() / (1024.0 * 1024.0),
        r.finished() ? "yes" : "NO (timed out)");
  }

  public static void writeJson(BenchResults results, Path file) throws IOException {
    JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build()
        .writeValue(file.toFile(), results);
  }

  public static String markdown(BenchResults results, Path outDir) {
    var s = results.settings();
    var b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "Profile per import, poll %s: Pending %d polls, progress in %d steps over %d polls, %d"
                + " polls at 100 %%, then Completed (1 in %d Failed); quiet stretch %d polls."
                + " Ideal: %d Pinecone requests, %d visible changes, %d event.%n%n",
            seconds(s.pollMillis()),
            s.pendingPolls(),
            s.progressSteps(),
            s.runningPolls(),
            s.indexingPolls(),
            s.failEvery(),
            s.quietPolls(),
            s.idealRequestsPerImport(),
            s.visibleChangesPerImport(),
            s.transitionsPerImport()));
    for (var run : results.runs()) {
      table(b, run, s);
    }
    b.append("JSON: ")
        .append(outDir.resolve(Benchmark.RESULTS))
        .append("  \nChart: ")
        .append(outDir.resolve(Benchmark.CHART))
        .append('\n');
    return b.toString();
  }

  private static void table(StringBuilder b, BenchResults.Comparison run, BenchResults.Settings s) {
    PhaseResult o = run.operator();
    PhaseResult n = run.baseline();
    b.append("### N = ").append(String.format(Locale.ROOT, "%,d", run.imports())).append("\n\n");
    if (!o.finished() || (n != null && !n.finished())) {
      b.append(
          String.format(
              Locale.ROOT,
              "**Not finished within the phase timeout**: operator %,d of %,d ended%s.%n%n",
              o.ended(),
              o.imports(),
              n == null
                  ? ""
                  : String.format(Locale.ROOT, ", baseline %,d of %,d", n.ended(), n.imports())));
    }
    b.append("| per import unless said | operator | naive baseline | baseline ÷ operator |\n");
    b.append("|---|---:|---:|---:|\n");
    row(
        b,
        String.format(Locale.ROOT, "Pinecone requests (ideal %.1f)", o.pinecone().idealPerImport()),
        o.pinecone().perImport(),
        n == null ? null : n.pinecone().perImport(),
        "%.1f");
    row(
        b,
        String.format(
            Locale.ROOT,
            "status writes (visible changes: operator %.1f, baseline %s)",
            o.kubernetes().visibleChangesPerImport(),
            n == null
                ? "–"
                : String.format(Locale.ROOT, "%.1f", n.kubernetes().visibleChangesPerImport())),
        o.kubernetes().statusWritesPerImport(),
        n == null ? null : n.kubernetes().statusWritesPerImport(),
        "%.1f");
    b.append(
        String.format(
            Locale.ROOT,
            "| events (transitions %d) | %.2f | %s | – |%n",
            s.transitionsPerImport(),
            o.events().perImport(),
            n == null
                ? "–"
                : String.format(Locale.ROOT, "%.2f (raises none)", n.events().perImport())));
    row(
        b,
        String.format(
            Locale.ROOT,
            "Pinecone requests in the quiet stretch (%.0f s, all imports)",
            o.quiet().seconds()),
        (double) o.quiet().pineconeRequests(),
        n == null ? null : (double) n.quiet().pineconeRequests(),
        "%.0f");
    row(
        b,
        "status writes in the quiet stretch (all imports)",
        (double) o.quiet().statusWrites(),
        n == null ? null : (double) n.quiet().statusWrites(),
        "%.0f");
    b.append(
        String.format(
            Locale.ROOT,
            "| lag fake → status p50 / p99 / max (poll %s) | %s | %s | %s |%n",
            seconds(s.pollMillis()),
            lag(o),
            n == null ? "–" : lag(n),
            n == null
                ? "–"
                : ratio((double) n.lag().p99Millis(), (double) o.lag().p99Millis()) + " (p99)"));
    row(
        b,
        "heap retained per 1,000 imports, MiB (after forced GC, every import cached)",
        o.resources().heapMiBPer1000(),
        n == null ? null : n.resources().heapMiBPer1000(),
        "%.1f");
    row(
        b,
        "heap retained in all, MiB",
        o.resources().heapRetainedBytes() / 1048576.0,
        n == null ? null : n.resources().heapRetainedBytes() / 1048576.0,
        "%.1f");
    row(
        b,
        "CPU s per 1,000 imports, poller + harness (fakes excluded)",
        o.resources().cpuPollerSecondsPer1000(),
        n == null ? null : n.resources().cpuPollerSecondsPer1000(),
        "%.1f");
    row(
        b,
        "CPU ms per poll Pinecone, poller + harness (fakes excluded)",
        o.resources().cpuMillisPerLook(),
        n == null ? null : n.resources().cpuMillisPerLook(),
        "%.2f");
    row(
        b,
        "CPU, poller + harness, cores on average over the phase",
        o.resources().cores(o.wallSeconds()),
        n == null ? null : n.resources().cores(n.wallSeconds()),
        "%.3f");
    row(
        b,
        "JIT compiler time in the phase (elapsed in its threads), s per 1,000 imports",
        o.resources().jitSeconds() * 1000 / o.imports(),
        n == null ? null : n.resources().jitSeconds() * 1000 / n.imports(),
        "%.1f");
    row(
        b,
        "CPU s per 1,000 imports, whole process",
        o.resources().cpuSeconds() * 1000 / o.imports(),
        n == null ? null : n.resources().cpuSeconds() * 1000 / n.imports(),
        "%.1f");
    row(
        b,
        "load on the Kubernetes API, requests/s (all imports)",
        o.kubernetes().requestsPerSecond(),
        n == null ? null : n.kubernetes().requestsPerSecond(),
        "%.0f");
    row(
        b,
        "wall time of the phase, s",
        o.wallSeconds(),
        n == null ? null : n.wallSeconds(),
        "%.0f");
    b.append('\n');
    b.append(
        String.format(
            Locale.ROOT,
            "Rules: operator imports over the ideal request count: %d; with writes ≠ visible"
                + " changes: %d; with events ≠ transitions: %d.%n%n",
            o.pinecone().importsOverIdeal(),
            o.kubernetes().importsWithWritesNotEqualToChanges(),
            o.events().importsWithEventsNotEqualToTransitions()));
  }

  private static void row(StringBuilder b, String label, double ours, Double naive, String fmt) {
    b.append("| ")
        .append(label)
        .append(" | ")
        .append(String.format(Locale.ROOT, fmt, ours))
        .append(" | ")
        .append(naive == null ? "–" : String.format(Locale.ROOT, fmt, naive))
        .append(" | ")
        .append(naive == null ? "–" : ratio(naive, ours))
        .append(" |\n");
  }

  static String ratio(double naive, double ours) {
    if (ours == 0) {
      return naive == 0 ? "=" : "∞";
    }
    return String.format(Locale.ROOT, "%.1f×", naive / ours);
  }

  private static String lag(PhaseResult r) {
    var l = r.lag();
    return seconds(l.p50Millis()) + " / " + seconds(l.p99Millis()) + " / " + seconds(l.maxMillis());
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
