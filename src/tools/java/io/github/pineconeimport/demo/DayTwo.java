package io.github.pineconeimport.demo;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.api.v1alpha1.ImportSource;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.SecretKeyRef;
import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.fake.Scenario;
import io.github.pineconeimport.lifecycle.StartQueue;
import io.github.pineconeimport.pinecone.BulkImport;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The demo's second act, day 2 from Git: the failed import is re-run with {@code spec.rerun} once
 * its files are fixed, then four imports on one index host meet a cap of two running at once and
 * wait their turn in the start queue.
 */
final class DayTwo {

  static final String RERUN = "files-fixed";
  static final int CAP = 2;
  static final int BATCH = 4;

  /** What the act showed. */
  record Outcome(
      String rerunPhase,
      List<String> rerunHistory,
      Set<String> queued,
      long peakRunning,
      long batchCompleted,
      boolean asExpected) {

    String summary() {
      return String.format(
          "day 2 %s: %s re-run '%s' %s (history: %s); %d imports with"
              + " MAX_RUNNING_IMPORTS_PER_INDEX=%d: %d queued, at most %d running, %d Completed",
          asExpected ? "OK" : "FAILED",
          Demo.RERUN_BY_SPEC,
          RERUN,
          rerunPhase,
          String.join(", ", rerunHistory),
          BATCH,
          CAP,
          queued.size(),
          peakRunning,
          batchCompleted);
    }
  }

  private final KubernetesClient client;
  private final FakePineconeServer pinecone;
  private final PrintStream out;
  private final double scale;
  private final Clock clock;

  DayTwo(
      KubernetesClient client,
      FakePineconeServer pinecone,
      PrintStream out,
      double scale,
      Clock clock) {
    this.client = client;
    this.pinecone = pinecone;
    this.out = out;
    this.scale = scale;
    this.clock = clock;
  }

  /** Plays the act against an operator already running with a cap of {@link #CAP}. */
  Outcome play(Duration timeout) throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    // the fixed files: the next start of the reviews uri completes
    pinecone.startScript(Scenario.DEMO_REVIEWS_URI, ImportScript.quick().scaled(scale));
    out.println(
        "-- user: kubectl patch pineconeimport "
            + Demo.RERUN_BY_SPEC
            + " --type merge -p '{\"spec\":{\"rerun\":\""
            + RERUN
            + "\"}}'   (the files are fixed: run it again)");
    client
        .resources(PineconeImport.class)
        .inNamespace(Demo.NAMESPACE)
        .withName(Demo.RERUN_BY_SPEC)
        .edit(
            cr -> {
              cr.getSpec().setRerun(RERUN);
              return cr;
            });
    awaitPhase(Demo.RERUN_BY_SPEC, BulkImport.COMPLETED, deadline);
    PineconeImport rerun = get(Demo.RERUN_BY_SPEC);

    pinecone.resetPeakRunning();
    out.println(
        "-- user: kubectl apply -f batch-{1.."
            + BATCH
            + "}.yaml   (four imports on one index; at most "
            + CAP
            + " run on it at once, counting the one started outside the cluster)");
    Set<String> queued = new TreeSet<>();
    for (int i = 1; i <= BATCH; i++) {
      client.resource(batchImport(i)).create();
      Thread.sleep(Math.round(50 * scale)); // first in, first out by creation time
    }
    while (clock.instant().isBefore(deadline)) {
      IntStream.rangeClosed(1, BATCH)
          .mapToObj(i -> get("batch-" + i))
          .filter(cr -> cr.getStatus() != null)
          .filter(cr -> StartQueue.QUEUED.equals(cr.getStatus().getPhase()))
          .forEach(cr -> queued.add(cr.getMetadata().getName()));
      if (batchCompleted() == BATCH) {
        break;
      }
      Thread.sleep(100);
    }
    String phase = rerun.getStatus().getPhase();
    List<String> history =
        rerun.getStatus().getHistory() == null
            ? List.of()
            : rerun.getStatus().getHistory().stream().map(r -> r.getPhase()).toList();
    long completed = batchCompleted();
    boolean ok =
        BulkImport.COMPLETED.equals(phase)
            && history.equals(List.of(BulkImport.FAILED))
            && Objects.equals(RERUN, rerun.getStatus().getRerun())
            && queued.size() >= BATCH - CAP
            && pinecone.peakRunning() <= CAP
            && completed == BATCH;
    return new Outcome(phase, history, queued, pinecone.peakRunning(), completed, ok);
  }

  private long batchCompleted() {
    return IntStream.rangeClosed(1, BATCH)
        .mapToObj(i -> get("batch-" + i))
        .filter(cr -> cr.getStatus() != null)
        .filter(cr -> BulkImport.COMPLETED.equals(cr.getStatus().getPhase()))
        .count();
  }

  private PineconeImport batchImport(int i) {
    String uri = "s3://demo-bucket/batch/part-" + i + "/";
    pinecone.startScript(uri, ImportScript.quick().scaled(scale * 1.5));
    var spec = new PineconeImportSpec();
    spec.setIndexHost(pinecone.hostAndPort());
    spec.setSource(new ImportSource(uri));
    spec.setApiKeySecretRef(new SecretKeyRef("pinecone", "apiKey"));
    spec.setPollInterval("1s");
    var cr = new PineconeImport();
    cr.setMetadata(
        new ObjectMetaBuilder().withName("batch-" + i).withNamespace(Demo.NAMESPACE).build());
    cr.setSpec(spec);
    return cr;
  }

  private void awaitPhase(String name, String phase, Instant deadline) throws InterruptedException {
    while (clock.instant().isBefore(deadline)) {
      PineconeImport cr = get(name);
      if (cr != null && cr.getStatus() != null && phase.equals(cr.getStatus().getPhase())) {
        return;
      }
      Thread.sleep(100);
    }
  }

  private PineconeImport get(String name) {
    return client.resources(PineconeImport.class).inNamespace(Demo.NAMESPACE).withName(name).get();
  }
}
