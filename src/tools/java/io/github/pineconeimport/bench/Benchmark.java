package io.github.pineconeimport.bench;

import ch.qos.logback.classic.Level;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The {@code bench} command: for each N, the operator and then the naive baseline, each on fresh
 * fakes in this process, with the same profile; then a table on stdout, results.json and a chart.
 */
public final class Benchmark {

  public static final String RESULTS = "results.json";
  public static final String CHART = "requests-and-writes-per-import.png";
  public static final String RESTART_RESULTS = "restart-{n}.json";

  /**
   * Imports of the unreported warm-up. With 20 the JIT compiler was still busy through the whole
   * measured phase (a JFR recording at 1,000 imports and 5 s: 19 of its CPU-seconds in C2's
   * threads, counted as the poller's); 200 let it finish most of its work first.
   */
  static final int WARM_UP_IMPORTS = 200;

  static final String FLOOR = "--floor";

  /** Long enough for most of the JIT compiler's work on the loop (the rest shows apart). */
  static final java.time.Duration FLOOR_WARM_UP = java.time.Duration.ofSeconds(90);

  static final java.time.Duration FLOOR_WINDOW = java.time.Duration.ofSeconds(60);

  private Benchmark() {}

  /** Entry point of {@code java -jar ... bench}. */
  public static void main(String[] args) throws Exception {
    if (java.util.Arrays.asList(args).contains("--help")) {
      System.out.print(BenchOptions.USAGE);
      return;
    }
    boolean floor = java.util.Arrays.asList(args).contains(FLOOR);
    BenchOptions options;
    try {
      options =
          BenchOptions.parse(
              java.util.Arrays.stream(args).filter(a -> !a.equals(FLOOR)).toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n");
      System.err.print(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    if (System.getenv("LOG_LEVEL") == null) {
      // thousands of imports would each log their end at INFO; the table is the output here
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.github.pineconeimport"))
          .setLevel(Level.WARN);
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.javaoperatorsdk"))
          .setLevel(Level.WARN);
    }
    if (floor) {
      for (int n : options.imports()) {
        var parts = PollFloor.measure(n, options.profile().poll(), FLOOR_WARM_UP, FLOOR_WINDOW);
        System.out.println(PollFloor.table(n, options.profile().poll(), parts));
      }
      return;
    }
    if (options.restart()) {
      try (var crd = crd(options)) {
        restart(options);
      }
      return;
    }
    if (options.baselineOnly()) {
      try (var crd = crd(options)) {
        for (int n : options.imports()) {
          PhaseResult naive = new Phase("naive", n, options, Phase::naive).run();
          System.err.println(summary(naive));
          Files.createDirectories(options.outDir());
          BenchReport.writeJson(naive, options.outDir().resolve("baseline-" + n + ".json"));
        }
      }
      return;
    }
    BenchResults results = run(options, line -> System.err.println(line));
    System.out.println(BenchReport.markdown(results, options.outDir()));
  }

  private static void restart(BenchOptions options) throws Exception {
    for (int n : options.imports()) {
      var r = new RestartPhase(n, options).run();
      Files.createDirectories(options.outDir());
      BenchReport.writeJson(
          r, options.outDir().resolve(RESTART_RESULTS.replace("{n}", String.valueOf(n))));
      System.out.println(BenchReport.markdown(r, options.profile()));
    }
  }

  /** Runs every N and writes results.json and the chart under the options' directory. */
  public static BenchResults run(BenchOptions options, java.util.function.Consumer<String> progress)
      throws Exception {
    try (var crd = crd(options)) {
      return runPhases(options, progress);
    }
  }

  /** On a real cluster, the CRD for the whole run (installed if missing, removed after). */
  static AutoCloseable crd(BenchOptions options) {
    return options.kubeconfig() == null
        ? () -> {}
        : KubeconfigCluster.crdFor(options.kubeconfig(), options.context());
  }

  private static BenchResults runPhases(
      BenchOptions options, java.util.function.Consumer<String> progress) throws Exception {
    Profile profile = options.profile();
    if (options.warmUp()) {
      progress.accept("bench: warming up (not reported) ...");
      var warm =
          new BenchOptions(
                  List.of(WARM_UP_IMPORTS),
                  Profile.smoke(),
                  options.outDir(),
                  options.phaseTimeout(),
                  options.creators(),
                  true,
                  false)
              .on(options.kubeconfig(), options.context());
      new Phase("operator", WARM_UP_IMPORTS, warm, Phase::operator).run();
      new Phase("naive", WARM_UP_IMPORTS, warm, Phase::naive).run();
    }
    List<BenchResults.Comparison> runs = new ArrayList<>();
    for (int n : options.imports()) {
      progress.accept("bench: N=" + n + ": operator ...");
      PhaseResult ours = new Phase("operator", n, options, Phase::operator).run();
      progress.accept(summary(ours));
      PhaseResult naive = null;
      if (options.baseline()) {
        progress.accept("bench: N=" + n + ": naive baseline ...");
        naive = new Phase("naive", n, options, Phase::naive).run();
        progress.accept(summary(naive));
      }
      runs.add(new BenchResults.Comparison(n, ours, naive));
      // written after every N, so a long run that is stopped still leaves its figures
      write(options.outDir(), new BenchResults(machine(), settings(profile), runs));
    }
    return new BenchResults(machine(), settings(profile), List.copyOf(runs));
  }

  private static void write(Path dir, BenchResults results) throws Exception {
    Files.createDirectories(dir);
    BenchReport.writeJson(results, dir.resolve(RESULTS));
    BenchChart.write(results, dir.resolve(CHART));
  }

  private static String summary(PhaseResult r) {
    return String.format(
        java.util.Locale.ROOT,
        "bench: N=%d %s: %s in %.0f s; %.1f Pinecone requests and %.1f status writes per import",
        r.imports(),
        r.poller(),
        r.finished() ? "finished" : "NOT finished (" + r.ended() + " ended)",
        r.wallSeconds(),
        r.pinecone().perImport(),
        r.kubernetes().statusWritesPerImport());
  }

  static BenchResults.Settings settings(Profile p) {
    return new BenchResults.Settings(
        p.poll().toMillis(),
        p.pendingPolls(),
        p.runningPolls(),
        p.steps(),
        p.indexingPolls(),
        p.quietPolls(),
        p.failEvery(),
        p.idealRequests(1),
        p.visibleChanges(),
        p.transitions());
  }

  static BenchResults.Machine machine() {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new BenchResults.Machine(
        Runtime.getRuntime().availableProcessors(),
        os.getTotalMemorySize(),
        Runtime.getRuntime().maxMemory(),
        System.getProperty("java.vm.name") + " " + Runtime.version(),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"));
  }
}
