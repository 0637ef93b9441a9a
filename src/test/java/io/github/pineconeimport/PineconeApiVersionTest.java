package io.github.pineconeimport;

import static io.github.pineconeimport.PineconeImportOperatorTest.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.testing.OperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API version on the wire and in status: the operator's PINECONE_API_VERSION for a resource
 * that pins none, the spec's when it pins one, and a version Pinecone refuses, with the fake
 * refusing it.
 */
class PineconeApiVersionTest {

  OperatorHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  static Predicate<PineconeImportStatus> stalled() {
    return s ->
        s.getConditions().stream()
            .anyMatch(c -> c.getType().equals("Stalled") && c.getStatus().equals("True"));
  }

  @Test
  void anUnpinnedImportSendsTheOperatorsVersionAndAPinnedOneItsOwn() throws Exception {
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("401", TestResources.SCRIPT).seed("402", TestResources.SCRIPT);
    var unpinned = h.importOf("unpinned", "401");
    unpinned.getSpec().setPineconeApiVersion(null);
    h.client.resource(unpinned).create();
    var pinned = h.importOf("pinned", "402");
    pinned.getSpec().setPineconeApiVersion("2025-10");
    h.client.resource(pinned).create();

    assertThat(h.awaitPhase("unpinned", "Pending").getPineconeApiVersion()).isEqualTo("2026-04");
    assertThat(h.awaitPhase("pinned", "Pending").getPineconeApiVersion()).isEqualTo("2025-10");
    assertThat(h.pinecone.requestsFor("401"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.apiVersion()).isEqualTo("2026-04"));
    assertThat(h.pinecone.requestsFor("402"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.apiVersion()).isEqualTo("2025-10"));
  }

  @Test
  void aRefusedPinnedVersionStallsNamingTheSpecFieldAndAnotherVersionRecovers() throws Exception {
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("403", TestResources.SCRIPT).refuseApiVersion("2025-01");
    h.createImport("old", "403"); // pinned to 2025-01, as objects stored by earlier releases are

    var s = h.awaitStatus("old", stalled());
    assertThat(condition(s, "Stalled").getReason()).isEqualTo("ApiVersionUnsupported");
    assertThat(condition(s, "Stalled").getMessage())
        .contains("API version 2025-01")
        .contains("this resource pins it with spec.pineconeApiVersion");
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    assertThat(s.getPineconeApiVersion()).isEqualTo("2025-01");
    assertThat(warnings("old"))
        .extracting(Event::getReason)
        .containsExactly("ApiVersionUnsupported");

    // the upgrade note: unpin it, and the operator's version applies
    h.client
        .resources(io.github.pineconeimport.api.v1alpha1.PineconeImport.class)
        .inNamespace(TestResources.NAMESPACE)
        .withName("old")
        .edit(
            r -> {
              r.getSpec().setPineconeApiVersion(null);
              return r;
            });
    var recovered = h.awaitPhase("old", "Pending");
    assertThat(recovered.getPineconeApiVersion()).isEqualTo("2026-04");
    assertThat(condition(recovered, "Stalled").getStatus()).isEqualTo("False");
  }

  @Test
  void aRefusedOperatorVersionStallsAStartNamingTheSettingAndCreatesNothing() throws Exception {
    // a stalled problem is polled again every second here: the refused start is not sent again
    h =
        OperatorHarness.start(
            TestResources.API_KEY,
            Map.of(
                OperatorConfig.PINECONE_API_VERSION,
                "2025-10",
                OperatorConfig.STALLED_RETRY,
                "1s"));
    h.createSecret(TestResources.API_KEY);
    h.pinecone.refuseApiVersion("2025-10");
    var cr = TestResources.startingImport("fresh", h.pinecone.hostAndPort(), "s3://bucket/fresh/");
    cr.getSpec().setPineconeApiVersion(null);
    h.client.resource(cr).create();

    var s = h.awaitStatus("fresh", stalled());
    assertThat(condition(s, "Stalled").getReason()).isEqualTo("ApiVersionUnsupported");
    assertThat(condition(s, "Stalled").getMessage())
        .contains("API version 2025-10")
        .contains("it comes from the operator's PINECONE_API_VERSION")
        .doesNotContain("this resource pins it");
    assertThat(
            h.awaitStatus("fresh", st -> st.getPineconeApiVersion() != null)
                .getPineconeApiVersion())
        .isEqualTo("2025-10");
    Thread.sleep(3_000); // three stalled retries' worth
    assertThat(h.pinecone.postCount("s3://bucket/fresh/"))
        .as("the refused version is not POSTed again")
        .isEqualTo(1);
    assertThat(h.pinecone.importsWithUri("s3://bucket/fresh/")).isEmpty();
    assertThat(warnings("fresh"))
        .extracting(Event::getReason)
        .containsExactly("ApiVersionUnsupported");

    // pinning a version Pinecone takes is a spec change: the start goes out, once
    h.client
        .resources(io.github.pineconeimport.api.v1alpha1.PineconeImport.class)
        .inNamespace(TestResources.NAMESPACE)
        .withName("fresh")
        .edit(
            r -> {
              r.getSpec().setPineconeApiVersion("2026-04");
              return r;
            });
    var started = h.awaitPhase("fresh", "Pending");
    assertThat(started.getPineconeApiVersion()).isEqualTo("2026-04");
    assertThat(h.pinecone.importsWithUri("s3://bucket/fresh/")).hasSize(1);
  }

  @Test
  void anImportCompletingWithInvalidRecordsIsReadyWithOneWarningInsteadOfImportCompleted()
      throws Exception {
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
    // served at 2025-01 too: the field is read whatever the version says
    h.pinecone.seed("404", TestResources.SCRIPT.withValidation(890, 10));
    h.createImport("skipped", "404");
    h.awaitPhase("skipped", "Pending");
    h.pineconeClock.advance(Duration.ofMinutes(5));

    var s = h.awaitPhase("skipped", "Completed");
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Ready").getMessage())
        .isEqualTo(
            "Import completed, 900 records imported; 10 records failed Pinecone's validation and"
                + " were not imported");
    assertThat(s.getValidationResult().getImportSuccesses()).isEqualTo(890L);
    assertThat(s.getValidationResult().getImportErrors()).isEqualTo(10L);
    var events = h.awaitEvents("skipped", 1);
    assertThat(events)
        .extracting(Event::getReason)
        .contains("ImportCompletedWithErrors")
        .doesNotContain("ImportCompleted");
    assertThat(events)
        .filteredOn(e -> e.getReason().equals("ImportCompletedWithErrors"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).contains("10 records failed Pinecone's validation");
            });
  }

  /** The Warning events, once there is one (and a moment for a duplicate to show). */
  private java.util.List<Event> warnings(String name) {
    return h.awaitEvents(name, 1).stream().filter(e -> "Warning".equals(e.getType())).toList();
  }
}
