package io.github.pineconeimport.bench;

import io.github.pineconeimport.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code bench} run measures and where it writes.
 *
 * @param phaseTimeout a phase that has not seen every import end by then is reported as unfinished
 *     (the mock API server's throughput, not ours, sets how large N can go)
 * @param baseline false measures only the operator
 * @param warmUp first run both pollers briefly, unreported, so the first measured phase does not
 *     pay for class loading and JIT compilation that the second then gets for free
 * @param kubeconfig the cluster to run on; null runs the mock API server in this process
 * @param context the kubeconfig context; null for its current context
 * @param restart measure a restart of the operator with N running imports instead
 * @param baselineOnly measure the naive baseline alone (to run it beside an operator-only run)
 */
public record BenchOptions(
    List<Integer> imports,
    Profile profile,
    Path outDir,
    Duration phaseTimeout,
    int creators,
    boolean baseline,
    boolean warmUp,
    Path kubeconfig,
    String context,
    boolean restart,
    boolean baselineOnly) {

  /** On the in-process mock API server. */
  public BenchOptions(
      List<Integer> imports,
      Profile profile,
      Path outDir,
      Duration phaseTimeout,
      int creators,
      boolean baseline,
      boolean warmUp) {
    this(
        imports,
        profile,
        outDir,
        phaseTimeout,
        creators,
        baseline,
        warmUp,
        null,
        null,
        false,
        false);
  }

  /** The same run on the cluster of this kubeconfig (null: the mock). */
  public BenchOptions on(Path kubeconfig, String context) {
    return new BenchOptions(
        imports,
        profile,
        outDir,
        phaseTimeout,
        creators,
        baseline,
        warmUp,
        kubeconfig,
        context,
        restart,
        baselineOnly);
  }

  public static final String USAGE =
      """
      Usage: java -jar pinecone-import-operator-tools.jar bench [options]

        --imports 100,1000     numbers of imports to measure, one run each (default 100,1000)
        --poll 1s              poll interval, whole seconds (default 1s); the profile is in polls
        --quiet 10             polls to keep watching after every import has ended (default 10)
        --fail-every 10        every n-th import fails instead of completing (default 10)
        --indexing 12          polls each import spends at 100 % while Pinecone indexes
                               (default 12); a longer stretch adds looks that change nothing,
                               which tells the cost of a poll from the cost of a status write
        --out target/bench     where results.json and the PNG chart go
        --phase-timeout 30m    give up on a phase that has not finished by then (default 30m)
        --no-baseline          measure the operator only
        --no-warm-up           skip the short unreported run that warms the JIT first
        --kubeconfig FILE      run on the cluster of this kubeconfig instead of the in-process
                               mock API server: each phase gets a fresh namespace (and the CRD
                               if the cluster lacks it) and deletes what it created at the end
        --context NAME         the kubeconfig context to use (default: its current context)
        --baseline-only        only the naive baseline, one phase per N, its figures as JSON
                               (baseline-{n}.json), e.g. beside an operator-only run
        --floor                instead: what a poll costs in the parts the operator is built
                               from, each alone at the same rate: our client's GET of the fake,
                               the same GET through HttpURLConnection, the scheduling alone, and
                               JOSDK's reschedule round with a reconciler that does nothing;
                               90 s warm-up, 60 s measured, for each --imports at --poll
        --restart              instead: N imports that keep running, the operator stopped once
                               it has looked at each and a new one started; reports the time to
                               a poll at every import, the busiest second of any index host and
                               the heap (operator only, restart.json)
      """;

  public static BenchOptions parse(String[] args) {
    List<Integer> imports = List.of(100, 1000);
    Duration poll = Duration.ofSeconds(1);
    Integer quiet = null;
    Integer failEvery = null;
    Integer indexing = null;
    Path out = Path.of("target", "bench");
    Duration timeout = Duration.ofMinutes(30);
    boolean baseline = true;
    boolean warmUp = true;
    Path kubeconfig = null;
    String context = null;
    boolean restart = false;
    boolean baselineOnly = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--imports" -> imports = counts(value(args, ++i, a));
        case "--poll" -> poll = duration(value(args, ++i, a), a);
        case "--quiet" -> quiet = positive(value(args, ++i, a), a);
        case "--fail-every" -> failEvery = positive(value(args, ++i, a), a);
        case "--indexing" -> indexing = positive(value(args, ++i, a), a);
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--phase-timeout" -> timeout = duration(value(args, ++i, a), a);
        case "--no-baseline" -> baseline = false;
        case "--no-warm-up" -> warmUp = false;
        case "--kubeconfig" -> kubeconfig = Path.of(value(args, ++i, a));
        case "--context" -> context = value(args, ++i, a);
        case "--restart" -> restart = true;
        case "--baseline-only" -> baselineOnly = true;
        default -> throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    Profile p = Profile.realistic(poll);
    p =
        new Profile(
            p.poll(),
            p.pendingPolls(),
            p.runningPolls(),
            p.steps(),
            indexing == null ? p.indexingPolls() : indexing,
            quiet == null ? p.quietPolls() : quiet,
            failEvery == null ? p.failEvery() : failEvery);
    if (context != null && kubeconfig == null) {
      throw new IllegalArgumentException("--context needs --kubeconfig");
    }
    return new BenchOptions(
        imports, p, out, timeout, 4, baseline, warmUp, kubeconfig, context, restart, baselineOnly);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static List<Integer> counts(String text) {
    List<Integer> out = new ArrayList<>();
    for (String part : text.split(",")) {
      out.add(positive(part.strip().replace("_", ""), "--imports"));
    }
    return List.copyOf(out);
  }

  private static int positive(String text, String option) {
    try {
      int n = Integer.parseInt(text);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " takes whole numbers above zero, got '" + text + "'");
    }
  }

  private static Duration duration(String text, String option) {
    return Durations.parse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    option + " takes a duration such as 1s or 30m, got '" + text + "'"));
  }
}
