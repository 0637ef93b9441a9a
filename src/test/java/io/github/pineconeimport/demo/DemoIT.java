package io.github.pineconeimport.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The demo, the README's first command, with shortened timings. */
class DemoIT {

  @Test
  void theDemoShowsEveryEndingAndSummarisesIt() throws Exception {
    var bytes = new ByteArrayOutputStream();
    var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    var result = new Demo(new Demo.Options(0.5, false, Duration.ofSeconds(40), false), out).run();
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(result.asExpected()).as(printed).isTrue();
    assertThat(result.phases())
        .containsEntry("products-2024-08", "Completed")
        .containsEntry("reviews-2024-08", "Failed")
        .containsEntry("clickstream-2024-08", "Cancelled")
        .containsEntry("catalog-team-b", "Completed")
        .doesNotContainKey("sessions-2024-08");
    // four imports started from their uris, each exactly once; the fifth is tracked by ID
    assertThat(result.posts()).isEqualTo(4);
    assertThat(result.deletedCancelled()).isTrue();
    assertThat(result.events())
        .extracting(Event::getReason)
        .containsExactlyInAnyOrder(
            "ImportStarted",
            "ImportStarted",
            "ImportStarted",
            "ImportStarted",
            "ImportCompleted",
            "ImportCompleted",
            "ImportFailed",
            "ImportCancelled",
            "SecretNotFound");
    assertThat(result.summary())
        .startsWith("demo OK: 5 imports in ")
        .contains(
            "1 Cancelled, 2 Completed, 1 Failed; 1 deleted while running, its import"
                + " cancelled")
        .contains("4 starts")
        .contains(
            "9 events (ImportCancelled, ImportCompleted, ImportCompleted, ImportFailed,"
                + " ImportStarted, ImportStarted, ImportStarted, ImportStarted, SecretNotFound)");
    assertThat(result.took()).isLessThan(Duration.ofSeconds(60));
    assertThat(printed)
        .contains("NAME                   STATUS       PROGRESS  RECORDS    READY  AGE")
        .contains("Pending")
        .contains("-- user: kubectl patch pineconeimport clickstream-2024-08")
        .contains("-- user: kubectl delete pineconeimport sessions-2024-08")
        .contains("Import failed: Invalid parquet file")
        .contains(result.summary())
        .doesNotContain("\u001b["); // no cursor tricks: it reads the same in a CI log
    // one line per visible change, not one per poll: new, starting, started, Pending, 0-100%
    // in 4 steps, Completed (a step may fall between two polls), plus its two events
    long productLines = printed.lines().filter(l -> l.startsWith("products-2024-08 ")).count();
    assertThat(productLines).as(printed).isBetween(8L, 12L);

    // day 2: the failed import re-run once its files are fixed, and a start queue at its cap
    var dayTwo = result.dayTwo();
    assertThat(dayTwo.rerunPhase()).isEqualTo("Completed");
    assertThat(dayTwo.rerunHistory()).containsExactly("Failed");
    // at most two run on the host, and one started outside the cluster still runs there
    assertThat(dayTwo.queued()).hasSize(3);
    assertThat(dayTwo.peakRunning()).isLessThanOrEqualTo(2);
    assertThat(dayTwo.batchCompleted()).isEqualTo(4);
    assertThat(printed)
        .contains("-- user: kubectl patch pineconeimport reviews-2024-08")
        .contains("\"rerun\":\"files-fixed\"")
        .contains("Queued")
        .contains(dayTwo.summary());
    assertThat(dayTwo.summary())
        .startsWith("day 2 OK: reviews-2024-08 re-run 'files-fixed' Completed (history: Failed)")
        .contains("3 queued, at most 2 running, 4 Completed");
  }

  @Test
  void theDemoAppliesExactlyTheExamplesUsersApply() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("deploy/examples"))) {
      assertThat(
              files
                  .filter(p -> p.toString().endsWith(".yaml"))
                  .map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(Demo.EXAMPLES);
    }
    try (var client = new KubernetesClientBuilder().build()) {
      for (String file : Demo.EXAMPLES) {
        var items = client.load(Files.newInputStream(Path.of("deploy/examples", file))).items();
        assertThat(items)
            .as(file)
            .isNotEmpty()
            .allSatisfy(i -> assertThat(((HasMetadata) i).getMetadata().getName()).isNotBlank());
      }
    }
  }
}
