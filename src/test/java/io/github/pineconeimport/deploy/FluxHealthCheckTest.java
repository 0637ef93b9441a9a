package io.github.pineconeimport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.deploy.FluxHealth.Health;
import io.github.pineconeimport.lifecycle.StartStatus;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeApiException.Kind;
import io.github.pineconeimport.status.ImportStatusMapper;
import io.github.pineconeimport.status.Observation;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Problems;
import io.github.pineconeimport.status.Reason;
import io.github.pineconeimport.testing.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The healthCheckExprs of deploy/examples/gitops/flux-kustomization.yaml (and docs/operations.md),
 * run by a real CEL evaluator ({@link FluxHealth}) on statuses the operator's mapper writes;
 * RealServerHealthIT does the same on statuses read back from a real API server.
 */
class FluxHealthCheckTest {

  static final Instant NOW = Instant.parse("2026-01-01T00:05:00Z");
  static final String URI = "s3://bucket/products/2024-08/";

  @Test
  void theOperationsPageShowsTheExpressionsTheExampleUses() throws IOException {
    assertThat(Files.readString(Path.of("docs/operations.md")))
        .contains("failed: " + FluxHealth.FAILED)
        .contains("current: " + FluxHealth.CURRENT);
  }

  @Test
  void completedIsCurrentRunningIsInProgressStalledIsFailed() throws Exception {
    assertThat(FluxHealth.of(observed(BulkImport.PENDING))).isEqualTo(Health.IN_PROGRESS);
    assertThat(FluxHealth.of(observed(BulkImport.IN_PROGRESS))).isEqualTo(Health.IN_PROGRESS);
    assertThat(FluxHealth.of(observed(BulkImport.COMPLETED))).isEqualTo(Health.CURRENT);
    assertThat(FluxHealth.of(observed(BulkImport.FAILED))).isEqualTo(Health.FAILED);
    assertThat(FluxHealth.of(observed(BulkImport.CANCELLED))).isEqualTo(Health.FAILED);
    assertThat(
            FluxHealth.of(
                TestResources.observed(
                    1L,
                    ImportStatusMapper.map(
                        null,
                        1L,
                        new Problem(Reason.Unauthorized, "Pinecone rejected the API key"),
                        NOW))))
        .isEqualTo(Health.FAILED);
    assertThat(
            FluxHealth.of(
                TestResources.observed(
                    1L,
                    ImportStatusMapper.map(
                        null,
                        1L,
                        new Problem(Reason.PineconeUnavailable, "Pinecone answered 503"),
                        NOW))))
        .isEqualTo(Health.IN_PROGRESS);
  }

  @Test
  void anImportCompletedWithRecordsThatFailedValidationIsCurrent() throws Exception {
    var imp =
        new BulkImport(
            "101",
            URI,
            BulkImport.COMPLETED,
            null,
            null,
            100.0,
            890L,
            null,
            new BulkImport.ValidationResult(890L, 10L));
    var status = ImportStatusMapper.map(null, 1L, new Observation.Described(imp), NOW);
    assertThat(status.getValidationResult().getImportErrors()).isEqualTo(10L);
    assertThat(FluxHealth.of(TestResources.observed(1L, status))).isEqualTo(Health.CURRENT);
    // a version Pinecone refuses needs a person: failed at once, not at the timeout
    var refused =
        ImportStatusMapper.map(
            null,
            1L,
            Problems.fromApi(
                new PineconeApiException(
                    Kind.HTTP_STATUS, 400, "Unsupported API version '2025-01'", null),
                "101",
                "host",
                "pinecone"),
            NOW);
    assertThat(FluxHealth.of(TestResources.observed(1L, refused))).isEqualTo(Health.FAILED);
  }

  @Test
  void aStartIsInProgressUntilAnsweredAndFailedWhenRefused() throws Exception {
    var starting = StartStatus.starting(null, StartStatus.intent(URI, 1, NOW), 1L, NOW);
    assertThat(FluxHealth.of(TestResources.startingFrom(URI, false, 1L, starting)))
        .isEqualTo(Health.IN_PROGRESS);
    var unconfirmed =
        StartStatus.unconfirmed(
            starting,
            Problems.startUnconfirmed(PineconeApiException.of(Kind.CONNECTION), "host"),
            1L,
            NOW);
    assertThat(FluxHealth.of(TestResources.startingFrom(URI, false, 1L, unconfirmed)))
        .isEqualTo(Health.IN_PROGRESS);
    var refused =
        StartStatus.notStarted(
            starting,
            Problems.startRefused(
                new PineconeApiException(Kind.HTTP_STATUS, 400, "Invalid uri", null),
                "host",
                "pinecone"),
            1L,
            NOW);
    assertThat(FluxHealth.of(TestResources.startingFrom(URI, false, 1L, refused)))
        .isEqualTo(Health.FAILED);
    assertThat(
            FluxHealth.of(
                TestResources.startingFrom(
                    URI, false, 1L, StartStatus.started(starting, "1001", 1L, NOW))))
        .isEqualTo(Health.IN_PROGRESS);
  }

  @Test
  void aCancelGitAsksForIsInProgressThenCurrentButOneFromElsewhereFails() throws Exception {
    var running = observed(BulkImport.IN_PROGRESS).getStatus();
    assertThat(FluxHealth.of(TestResources.startingFrom(URI, true, 1L, running)))
        .isEqualTo(Health.IN_PROGRESS);
    var cancelled = observed(BulkImport.CANCELLED).getStatus();
    assertThat(FluxHealth.of(TestResources.startingFrom(URI, true, 1L, cancelled)))
        .isEqualTo(Health.CURRENT);
    assertThat(FluxHealth.of(TestResources.startingFrom(URI, false, 1L, cancelled)))
        .isEqualTo(Health.FAILED);
    assertThat(
            FluxHealth.of(
                TestResources.startingFrom(
                    URI, true, 1L, StartStatus.cancelledBeforeStart(null, 1L, NOW))))
        .isEqualTo(Health.CURRENT);
    // cancel asked, but the import completed first: that is still success
    var completed = observed(BulkImport.COMPLETED).getStatus();
    assertThat(FluxHealth.of(TestResources.startingFrom(URI, true, 1L, completed)))
        .isEqualTo(Health.CURRENT);
  }

  @Test
  void aSuspendedImportIsCurrentAsFluxTreatsItsOwnSuspendedObjects() throws Exception {
    var running = observed(BulkImport.IN_PROGRESS);
    running.getSpec().setSuspend(true);
    assertThat(FluxHealth.of(running)).isEqualTo(Health.CURRENT);
    var stalled =
        TestResources.observed(
            1L,
            ImportStatusMapper.map(
                null, 1L, new Problem(Reason.Unauthorized, "Pinecone rejected the API key"), NOW));
    stalled.getSpec().setSuspend(true);
    assertThat(FluxHealth.of(stalled)).as("not failed while suspended").isEqualTo(Health.CURRENT);
  }

  @Test
  void aStatusForAnOlderSpecIsInProgressWhateverItSays() throws Exception {
    var completedForGeneration1 = observed(BulkImport.COMPLETED).getStatus();
    assertThat(FluxHealth.of(TestResources.observed(2L, completedForGeneration1)))
        .isEqualTo(Health.IN_PROGRESS);
  }

  @Test
  void beforeTheFirstStatusFluxKeepsWaiting() throws Exception {
    // Flux documents that a missing field makes it wait (until the timeout), not fail
    assertThat(FluxHealth.of(TestResources.observed(1L, null))).isEqualTo(Health.EVALUATION_ERROR);
  }

  private static PineconeImport observed(String status) {
    boolean done = BulkImport.isTerminal(status);
    var imp =
        new BulkImport(
            "101",
            "s3://bucket/101/",
            status,
            "2026-01-01T00:00:00Z",
            done ? "2026-01-01T00:04:00Z" : null,
            done ? 100.0 : 10.0,
            90L,
            BulkImport.FAILED.equals(status) ? "bad file" : null);
    return TestResources.observed(
        1L, ImportStatusMapper.map(null, 1L, new Observation.Described(imp), NOW));
  }
}
