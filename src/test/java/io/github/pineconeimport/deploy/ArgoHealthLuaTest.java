package io.github.pineconeimport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
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
 * deploy/argocd/health.lua run by a real Lua ({@link ArgoHealth}: LuaJ in the JVM) on resources
 * whose status comes from the operator's own status mapper, so the samples are what Argo CD would
 * actually see. RealServerHealthIT does the same on statuses read back from a real API server.
 */
class ArgoHealthLuaTest {

  static final Path SCRIPT = ArgoHealth.SCRIPT;
  static final Instant NOW = Instant.parse("2026-01-01T00:05:00Z");
  static final String URI = "s3://bucket/products/2024-08/";
  static final String HOST = "products-abc123.svc.aped-4627-b74a.pinecone.io";

  record Health(String status, String message) {}

  @Test
  void aNewImportWithoutStatusIsProgressing() throws IOException {
    var health = check(TestResources.observed(1L, null));
    assertThat(health.status()).isEqualTo("Progressing");
    assertThat(health.message()).contains("Waiting for the operator");
  }

  @Test
  void pendingAndRunningImportsAreProgressingWithTheirProgress() throws IOException {
    var pending =
        check(TestResources.observed(1L, observe(imp(BulkImport.PENDING, null, null, null))));
    assertThat(pending).isEqualTo(new Health("Progressing", "Import is pending in Pinecone"));

    var running =
        check(TestResources.observed(1L, observe(imp(BulkImport.IN_PROGRESS, 33.3, 300L, null))));
    assertThat(running.status()).isEqualTo("Progressing");
    assertThat(running.message()).isEqualTo("Import is 33.3% complete, 300 records imported");
  }

  @Test
  void aCompletedImportIsHealthy() throws IOException {
    var health =
        check(TestResources.observed(1L, observe(imp(BulkImport.COMPLETED, 100.0, 900L, null))));
    assertThat(health).isEqualTo(new Health("Healthy", "Import completed, 900 records imported"));
  }

  @Test
  void anImportCompletedWithRecordsThatFailedValidationIsHealthyAndSaysSo() throws IOException {
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
    var health = check(TestResources.observed(1L, observe(imp)));
    assertThat(health)
        .isEqualTo(
            new Health(
                "Healthy",
                "Import completed, 890 records imported; 10 records failed Pinecone's validation"
                    + " and were not imported"));
  }

  @Test
  void aVersionPineconeRefusesIsDegradedNamingTheSetting() throws IOException {
    var refused =
        new PineconeApiException(Kind.HTTP_STATUS, 400, "Unsupported API version '2025-01'", null);
    var health =
        check(
            TestResources.observed(
                1L,
                ImportStatusMapper.map(
                    null,
                    1L,
                    Problems.fromApi(
                        refused,
                        "101",
                        HOST,
                        "pinecone",
                        io.github.pineconeimport.pinecone.ApiVersion.choose(null, "2025-01")),
                    NOW)));
    assertThat(health.status()).isEqualTo("Degraded");
    assertThat(health.message()).contains("PINECONE_API_VERSION");
  }

  @Test
  void failedAndCancelledImportsAreDegradedWithTheConditionMessage() throws IOException {
    var failed =
        check(
            TestResources.observed(
                1L,
                observe(
                    imp(BulkImport.FAILED, 10.0, 5L, "Invalid parquet file: \"row 17\"\nbad"))));
    assertThat(failed.status()).isEqualTo("Degraded");
    assertThat(failed.message()).startsWith("Import failed: Invalid parquet file: \"row 17\"");

    var cancelled =
        check(TestResources.observed(1L, observe(imp(BulkImport.CANCELLED, 40.0, 12L, null))));
    assertThat(cancelled.status()).isEqualTo("Degraded");
    assertThat(cancelled.message()).startsWith("Import was cancelled");
  }

  @Test
  void credentialsAUserMustFixAreDegradedButTransientTroubleIsNot() throws IOException {
    var noSecret =
        check(
            TestResources.observed(
                1L,
                ImportStatusMapper.map(
                    null,
                    1L,
                    new Problem(Reason.SecretNotFound, "Secret ml/pinecone not found"),
                    NOW)));
    assertThat(noSecret).isEqualTo(new Health("Degraded", "Secret ml/pinecone not found"));

    var rateLimited =
        check(
            TestResources.observed(
                1L,
                ImportStatusMapper.map(
                    observe(imp(BulkImport.IN_PROGRESS, 50.0, 450L, null)),
                    1L,
                    new Problem(Reason.RateLimited, "Pinecone rate-limited the request"),
                    NOW)));
    assertThat(rateLimited)
        .isEqualTo(new Health("Progressing", "Pinecone rate-limited the request"));
  }

  @Test
  void aStatusFromBeforeTheLatestSpecChangeIsProgressing() throws IOException {
    var completedForOldSpec = observe(imp(BulkImport.COMPLETED, 100.0, 900L, null));
    var health = check(TestResources.observed(2L, completedForOldSpec));
    assertThat(health)
        .isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 2"));
  }

  @Test
  void aStartNotYetAnsweredIsProgressingWithWhatItStarts() throws IOException {
    var health = check(TestResources.startingFrom(URI, false, 1L, starting()));
    assertThat(health.status()).isEqualTo("Progressing");
    assertThat(health.message()).contains("Starting the import from " + URI);

    var unconfirmed =
        check(
            TestResources.startingFrom(
                URI,
                false,
                1L,
                StartStatus.unconfirmed(
                    starting(),
                    Problems.startUnconfirmed(PineconeApiException.of(Kind.TIMEOUT), HOST),
                    1L,
                    NOW)));
    assertThat(unconfirmed.status()).isEqualTo("Progressing");
    assertThat(unconfirmed.message()).contains("checking the import list");
  }

  @Test
  void aStartPineconeRefusedIsDegradedWithPineconesMessage() throws IOException {
    var refused =
        new PineconeApiException(
            Kind.HTTP_STATUS,
            400,
            "Invalid uri: only s3://BUCKET/PATH URIs are supported in API version 2025-01",
            null);
    var health =
        check(
            TestResources.startingFrom(
                "gs://bucket/p/",
                false,
                1L,
                StartStatus.notStarted(
                    starting(), Problems.startRefused(refused, HOST, "pinecone"), 1L, NOW)));
    assertThat(health.status()).isEqualTo("Degraded");
    assertThat(health.message())
        .startsWith("Pinecone refused to start the import")
        .contains("only s3://");
  }

  @Test
  void aCancelGitAsksForIsProgressingUntilDoneThenHealthy() throws IOException {
    var started = StartStatus.started(starting(), "1001", 1L, NOW);
    var running =
        ImportStatusMapper.map(
            started,
            2L,
            "1001",
            new Observation.Described(imp(BulkImport.IN_PROGRESS, 33.3, 300L, null)),
            NOW);
    var cancelling = check(TestResources.startingFrom(URI, true, 2L, running));
    assertThat(cancelling)
        .isEqualTo(
            new Health(
                "Progressing",
                "Cancelling import 1001: Import is 33.3% complete, 300 records imported"));

    var cancelled =
        ImportStatusMapper.map(
            running,
            2L,
            "1001",
            new Observation.Described(imp(BulkImport.CANCELLED, 40.0, 12L, null)),
            NOW);
    assertThat(check(TestResources.startingFrom(URI, true, 2L, cancelled)).status())
        .isEqualTo("Healthy");
    // the same end without spec.cancel means someone else cancelled it: still Degraded
    assertThat(check(TestResources.startingFrom(URI, false, 2L, cancelled)).status())
        .isEqualTo("Degraded");

    var beforeStart =
        check(
            TestResources.startingFrom(
                URI, true, 1L, StartStatus.cancelledBeforeStart(null, 1L, NOW)));
    assertThat(beforeStart.status()).isEqualTo("Healthy");
    assertThat(beforeStart.message()).contains("Cancelled before it started");
  }

  @Test
  void aSuspendedImportIsSuspendedUntilItEnded() throws IOException {
    var started = StartStatus.started(starting(), "1001", 1L, NOW);
    var running =
        ImportStatusMapper.map(
            started,
            2L,
            "1001",
            new Observation.Described(imp(BulkImport.IN_PROGRESS, 33.3, 300L, null)),
            NOW);
    var suspended = TestResources.startingFrom(URI, false, 2L, running);
    suspended.getSpec().setSuspend(true);
    assertThat(check(suspended).status()).isEqualTo("Suspended");

    var completed =
        ImportStatusMapper.map(
            running,
            2L,
            "1001",
            new Observation.Described(imp(BulkImport.COMPLETED, 100.0, 900L, null)),
            NOW);
    var endedThenSuspended = TestResources.startingFrom(URI, false, 2L, completed);
    endedThenSuspended.getSpec().setSuspend(true);
    assertThat(check(endedThenSuspended).status()).isEqualTo("Healthy");
  }

  @Test
  void aResourceBeingDeletedIsProgressingWhileItsImportIsCancelled() throws IOException {
    var resource =
        TestResources.startingFrom(
            URI, false, 1L, StartStatus.started(starting(), "1001", 1L, NOW));
    resource.getMetadata().setDeletionTimestamp("2026-01-01T00:06:00Z");
    var health = check(resource);
    assertThat(health.status()).isEqualTo("Progressing");
    assertThat(health.message()).startsWith("Being deleted");
  }

  private static PineconeImportStatus starting() {
    return StartStatus.starting(null, StartStatus.intent(URI, 1, NOW), 1L, NOW);
  }

  @Test
  void theArgoCdConfigMapCarriesThisVeryScript() throws IOException {
    ConfigMap cm =
        Serialization.unmarshal(
            Files.readString(Path.of("deploy/argocd/argocd-cm.yaml")), ConfigMap.class);
    assertThat(cm.getData())
        .containsEntry(
            "resource.customizations.health.pinecone.io_PineconeImport", Files.readString(SCRIPT));
  }

  private static PineconeImportStatus observe(BulkImport imp) {
    return ImportStatusMapper.map(null, 1L, new Observation.Described(imp), NOW);
  }

  private static BulkImport imp(String status, Double percent, Long records, String error) {
    boolean done = BulkImport.isTerminal(status);
    return new BulkImport(
        "101",
        "s3://bucket/101/",
        status,
        "2026-01-01T00:00:00Z",
        done ? "2026-01-01T00:04:00Z" : null,
        percent,
        records,
        error);
  }

  private static Health check(PineconeImport resource) {
    var health = ArgoHealth.of(resource);
    return new Health(health.status(), health.message());
  }
}
