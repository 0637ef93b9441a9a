package io.github.pineconeimport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.lifecycle.StartStatus;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeApiException.Kind;
import io.github.pineconeimport.status.ImportStatusMapper;
import io.github.pineconeimport.status.Observation;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Problems;
import io.github.pineconeimport.testing.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The healthCheckExprs of deploy/examples/gitops/flux-kustomization.yaml (and the README), run
 * by a real CEL evaluator the way Flux's kustomize-controller runs them (RFC-0009: the object's
 * top-level fields as variables; a stale observedGeneration is in progress; then inProgress,
 * failed, current in that order; none true is in progress) on statuses the operator writes.
 */
class FluxHealthCheckTest {

  static final Path EXAMPLE = Path.of("deploy/examples/gitops/flux-kustomization.yaml");
  static final Instant NOW = Instant.parse("2026-01-01T00:05:00Z");
  static final String URI = "s3://bucket/products/2024-08/";

  enum Health { CURRENT, IN_PROGRESS, FAILED, EVALUATION_ERROR }

  static String failed;
  static String current;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void readExpressions() {
    var kustomization = Manifests.load(EXAMPLE).stream()
        .filter(o -> o.getKind().equals("Kustomization")
            && o.getMetadata().getName().equals("pinecone-imports"))
        .map(GenericKubernetesResource.class::cast).findFirst().orElseThrow();
    var checks = (List<Map<String, Object>>) ((Map<String, Object>)
        kustomization.getAdditionalProperties().get("spec")).get("healthCheckExprs");
    Map<String, Object> check = checks.get(0);
    assertThat(check).containsEntry("apiVersion", "pinecone.io/v1alpha1")
        .containsEntry("kind", "PineconeImport").doesNotContainKey("inProgress");
    failed = (String) check.get("failed");
    current = (String) check.get("current");
  }

  @Test
  void theReadmeShowsTheExpressionsTheExampleUses() throws IOException {
    assertThat(Files.readString(Path.of("README.md")))
        .contains("failed: " + failed).contains("current: " + current);
  }

  @Test
  void completedIsCurrentRunningIsInProgressStalledIsFailed() throws Exception {
    assertThat(health(observed(BulkImport.PENDING))).isEqualTo(Health.IN_PROGRESS);
    assertThat(health(observed(BulkImport.IN_PROGRESS))).isEqualTo(Health.IN_PROGRESS);
    assertThat(health(observed(BulkImport.COMPLETED))).isEqualTo(Health.CURRENT);
    assertThat(health(observed(BulkImport.FAILED))).isEqualTo(Health.FAILED);
    assertThat(health(observed(BulkImport.CANCELLED))).isEqualTo(Health.FAILED);
    assertThat(health(TestResources.observed(1L, ImportStatusMapper.map(null, 1L,
        new Problem(Problem.Reason.Unauthorized, "Pinecone rejected the API key"), NOW))))
        .isEqualTo(Health.FAILED);
    assertThat(health(TestResources.observed(1L, ImportStatusMapper.map(null, 1L,
        new Problem(Problem.Reason.PineconeUnavailable, "Pinecone answered 503"), NOW))))
        .isEqualTo(Health.IN_PROGRESS);
  }

  @Test
  void aStartIsInProgressUntilAnsweredAndFailedWhenRefused() throws Exception {
    var starting = StartStatus.starting(null, StartStatus.intent(URI, 1, NOW), 1L, NOW);
    assertThat(health(TestResources.startingFrom(URI, false, 1L, starting)))
        .isEqualTo(Health.IN_PROGRESS);
    var unconfirmed = StartStatus.unconfirmed(starting,
        Problems.startUnconfirmed(PineconeApiException.of(Kind.CONNECTION), "host"), 1L, NOW);
    assertThat(health(TestResources.startingFrom(URI, false, 1L, unconfirmed)))
        .isEqualTo(Health.IN_PROGRESS);
    var refused = StartStatus.notStarted(starting, Problems.startRefused(
        new PineconeApiException(Kind.HTTP_STATUS, 400, "Invalid uri", null), "host", "pinecone"),
        1L, NOW);
    assertThat(health(TestResources.startingFrom(URI, false, 1L, refused)))
        .isEqualTo(Health.FAILED);
    assertThat(health(TestResources.startingFrom(URI, false, 1L,
        StartStatus.started(starting, "1001", 1L, NOW)))).isEqualTo(Health.IN_PROGRESS);
  }

  @Test
  void aCancelGitAsksForIsInProgressThenCurrentButOneFromElsewhereFails() throws Exception {
    var running = observed(BulkImport.IN_PROGRESS).getStatus();
    assertThat(health(TestResources.startingFrom(URI, true, 1L, running)))
        .isEqualTo(Health.IN_PROGRESS);
    var cancelled = observed(BulkImport.CANCELLED).getStatus();
    assertThat(health(TestResources.startingFrom(URI, true, 1L, cancelled)))
        .isEqualTo(Health.CURRENT);
    assertThat(health(TestResources.startingFrom(URI, false, 1L, cancelled)))
        .isEqualTo(Health.FAILED);
    assertThat(health(TestResources.startingFrom(URI, true, 1L,
        StartStatus.cancelledBeforeStart(null, 1L, NOW)))).isEqualTo(Health.CURRENT);
    // cancel asked, but the import completed first: that is still success
    var completed = observed(BulkImport.COMPLETED).getStatus();
    assertThat(health(TestResources.startingFrom(URI, true, 1L, completed)))
        .isEqualTo(Health.CURRENT);
  }

  @Test
  void aStatusForAnOlderSpecIsInProgressWhateverItSays() throws Exception {
    var completedForGeneration1 = observed(BulkImport.COMPLETED).getStatus();
    assertThat(health(TestResources.observed(2L, completedForGeneration1))).isEqualTo(Health.IN_PROGRESS);
  }

  @Test
  void beforeTheFirstStatusFluxKeepsWaiting() throws Exception {
    // Flux documents that a missing field makes it wait (until the timeout), not fail
    assertThat(health(TestResources.observed(1L, null))).isEqualTo(Health.EVALUATION_ERROR);
  }

  private static PineconeImport observed(String status) {
    boolean done = BulkImport.isTerminal(status);
    var imp = new BulkImport("101", "s3://bucket/101/", status, "2026-01-01T00:00:00Z",
        done ? "2026-01-01T00:04:00Z" : null, done ? 100.0 : 10.0, 90L,
        BulkImport.FAILED.equals(status) ? "bad file" : null);
    return TestResources.observed(1L, ImportStatusMapper.map(null, 1L, new Observation.Described(imp), NOW));
  }

  private static Health health(PineconeImport resource) throws Exception {
    Map<String, Object> object = new ObjectMapper().readValue(Serialization.asJson(resource),
        new TypeReference<Map<String, Object>>() {});
    object = (Map<String, Object>) longs(object);
    var metadata = (Map<String, Object>) object.get("metadata");
    var status = (Map<String, Object>) object.get("status");
    if (status != null && status.get("observedGeneration") != null
        && !Objects.equals(status.get("observedGeneration"), metadata.get("generation"))) {
      return Health.IN_PROGRESS;
    }
    Optional<Boolean> isFailed = eval(failed, object);
    Optional<Boolean> isCurrent = eval(current, object);
    if (isFailed.isEmpty() || isCurrent.isEmpty()) {
      return Health.EVALUATION_ERROR;
    }
    return isFailed.get() ? Health.FAILED : isCurrent.get() ? Health.CURRENT : Health.IN_PROGRESS;
  }

  /**
   * Empty when the expression cannot be evaluated: cel-go (Flux) raises an error for a field the
   * object lacks, cel-java answers "unknown"; either way there is no verdict.
   */
  private static Optional<Boolean> eval(String expression, Map<String, Object> object)
      throws Exception {
    CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addVar("apiVersion", SimpleType.DYN).addVar("kind", SimpleType.DYN)
        .addVar("metadata", SimpleType.DYN).addVar("spec", SimpleType.DYN)
        .addVar("status", SimpleType.DYN)
        .build();
    CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    var ast = compiler.compile(expression).getAst();
    try {
      Object result = runtime.createProgram(ast).eval(object);
      return result instanceof Boolean b ? Optional.of(b) : Optional.empty();
    } catch (CelEvaluationException e) {
      return Optional.empty();
    }
  }

  /** CEL's integers are 64-bit; JSON numbers come out of Jackson as Integer when small. */
  @SuppressWarnings("unchecked")
  private static Object longs(Object value) {
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new HashMap<>();
      m.forEach((k, v) -> copy.put((String) k, longs(v)));
      return copy;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(FluxHealthCheckTest::longs).toList();
    }
    return value;
  }
}
