package io.github.pineconeimport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.status.ImportStatusMapper;
import io.github.pineconeimport.status.Observation;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.testing.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * deploy/argocd/health.lua run by a real Lua ({@link ArgoHealth}: LuaJ in the JVM) on resources
 * whose status comes from the operator's own status mapper, so the samples are what Argo CD
 * would actually see. RealServerHealthTest does the same on statuses read back from a real
 * API server.
 */
class ArgoHealthLuaTest {

  static final Path SCRIPT = ArgoHealth.SCRIPT;
  static final Instant NOW = Instant.parse("2026-01-01T00:05:00Z");

  record Health(String status, String message) {}

  @Test
  void aNewImportWithoutStatusIsProgressing() throws IOException {
    var health = check(TestResources.observed(1L, null));
    assertThat(health.status()).isEqualTo("Progressing");
    assertThat(health.message()).contains("Waiting for the operator");
  }

  @Test
  void pendingAndRunningImportsAreProgressingWithTheirProgress() throws IOException {
    var pending = check(TestResources.observed(1L, observe(imp(BulkImport.PENDING, null, null, null))));
    assertThat(pending).isEqualTo(new Health("Progressing", "Import is pending in Pinecone"));

    var running = check(TestResources.observed(1L, observe(imp(BulkImport.IN_PROGRESS, 33.3, 300L, null))));
    assertThat(running.status()).isEqualTo("Progressing");
    assertThat(running.message()).isEqualTo("Import is 33.3% complete, 300 records imported");
  }

  @Test
  void aCompletedImportIsHealthy() throws IOException {
    var health = check(TestResources.observed(1L, observe(imp(BulkImport.COMPLETED, 100.0, 900L, null))));
    assertThat(health).isEqualTo(new Health("Healthy", "Import completed, 900 records imported"));
  }

  @Test
  void failedAndCancelledImportsAreDegradedWithTheConditionMessage() throws IOException {
    var failed = check(TestResources.observed(1L,
        observe(imp(BulkImport.FAILED, 10.0, 5L, "Invalid parquet file: \"row 17\"\nbad"))));
    assertThat(failed.status()).isEqualTo("Degraded");
    assertThat(failed.message()).startsWith("Import failed: Invalid parquet file: \"row 17\"");

    var cancelled = check(TestResources.observed(1L, observe(imp(BulkImport.CANCELLED, 40.0, 12L, null))));
    assertThat(cancelled.status()).isEqualTo("Degraded");
    assertThat(cancelled.message()).startsWith("Import was cancelled");
  }

  @Test
  void credentialsAUserMustFixAreDegradedButTransientTroubleIsNot() throws IOException {
    var noSecret = check(TestResources.observed(1L, ImportStatusMapper.map(null, 1L,
        new Problem(Problem.Reason.SecretNotFound, "Secret ml/pinecone not found"), NOW)));
    assertThat(noSecret).isEqualTo(new Health("Degraded", "Secret ml/pinecone not found"));

    var rateLimited = check(TestResources.observed(1L, ImportStatusMapper.map(
        observe(imp(BulkImport.IN_PROGRESS, 50.0, 450L, null)), 1L,
        new Problem(Problem.Reason.RateLimited, "Pinecone rate-limited the request"), NOW)));
    assertThat(rateLimited).isEqualTo(
        new Health("Progressing", "Pinecone rate-limited the request"));
  }

  @Test
  void aStatusFromBeforeTheLatestSpecChangeIsProgressing() throws IOException {
    var completedForOldSpec = observe(imp(BulkImport.COMPLETED, 100.0, 900L, null));
    var health = check(TestResources.observed(2L, completedForOldSpec));
    assertThat(health).isEqualTo(
        new Health("Progressing", "Waiting for the operator to observe generation 2"));
  }

  @Test
  void theArgoCdConfigMapCarriesThisVeryScript() throws IOException {
    ConfigMap cm = Serialization.unmarshal(
        Files.readString(Path.of("deploy/argocd/argocd-cm.yaml")), ConfigMap.class);
    assertThat(cm.getData())
        .containsEntry("resource.customizations.health.pinecone.io_PineconeImport",
            Files.readString(SCRIPT));
  }

  private static PineconeImportStatus observe(BulkImport imp) {
    return ImportStatusMapper.map(null, 1L, new Observation.Described(imp), NOW);
  }

  private static BulkImport imp(String status, Double percent, Long records, String error) {
    boolean done = BulkImport.isTerminal(status);
    return new BulkImport("101", "s3://bucket/101/", status, "2026-01-01T00:00:00Z",
        done ? "2026-01-01T00:04:00Z" : null, percent, records, error);
  }

  private static Health check(PineconeImport resource) {
    var health = ArgoHealth.of(resource);
    return new Health(health.status(), health.message());
  }
}
