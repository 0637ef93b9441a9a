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

/** The README's first command, with shortened timings. */
class DemoTest {

  @Test
  void theDemoShowsEveryEndingAndSummarisesIt() throws Exception {
    var bytes = new ByteArrayOutputStream();
    var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    var result = new Demo(new Demo.Options(0.5, false, Duration.ofSeconds(40), false), out).run();
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(result.asExpected()).as(printed).isTrue();
    assertThat(result.phases()).containsEntry("products-2024-08", "Completed")
        .containsEntry("reviews-2024-08", "Failed")
        .containsEntry("clickstream-2024-08", "Cancelled")
        .containsEntry("catalog-team-b", "Completed");
    assertThat(result.events()).extracting(Event::getReason).containsExactlyInAnyOrder(
        "ImportCompleted", "ImportCompleted", "ImportFailed", "ImportCancelled", "SecretNotFound");
    assertThat(result.summary()).startsWith("demo OK: 4 imports in ")
        .contains("1 Cancelled, 2 Completed, 1 Failed")
        .contains("5 events (ImportCancelled, ImportCompleted, ImportCompleted, ImportFailed,"
            + " SecretNotFound)");
    assertThat(printed)
        .contains("NAME                   STATUS       PROGRESS  RECORDS    READY  AGE")
        .contains("Pending")
        .contains("Import failed: Invalid parquet file")
        .contains(result.summary())
        .doesNotContain("\u001b["); // no cursor tricks: it reads the same in a CI log
    // one line per visible change, not one per poll
    long productLines = printed.lines().filter(l -> l.startsWith("products-2024-08 ")).count();
    assertThat(productLines).isBetween(5L, 9L);
  }

  @Test
  void theDemoAppliesExactlyTheExamplesUsersApply() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("deploy/examples"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".yaml"))
          .map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(Demo.EXAMPLES);
    }
    try (var client = new KubernetesClientBuilder().build()) {
      for (String file : Demo.EXAMPLES) {
        var items = client.load(Files.newInputStream(Path.of("deploy/examples", file))).items();
        assertThat(items).as(file).isNotEmpty()
            .allSatisfy(i -> assertThat(((HasMetadata) i).getMetadata().getName()).isNotBlank());
      }
    }
  }
}
