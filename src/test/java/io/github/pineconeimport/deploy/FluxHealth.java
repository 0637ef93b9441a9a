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
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The healthCheckExprs of deploy/examples/gitops/flux-kustomization.yaml run by a real CEL
 * evaluator the way Flux's kustomize-controller runs them (RFC-0009: the object's top-level fields
 * as variables; a stale observedGeneration is in progress; then inProgress, failed, current in that
 * order; none true is in progress).
 */
final class FluxHealth {

  static final Path EXAMPLE = Path.of("deploy/examples/gitops/flux-kustomization.yaml");

  enum Health {
    CURRENT,
    IN_PROGRESS,
    FAILED,
    EVALUATION_ERROR
  }

  /** The example's {@code failed} and {@code current} expressions (it has no inProgress). */
  static final String FAILED;

  static final String CURRENT;

  static {
    var kustomization =
        Manifests.load(EXAMPLE).stream()
            .filter(
                o ->
                    o.getKind().equals("Kustomization")
                        && o.getMetadata().getName().equals("pinecone-imports"))
            .map(GenericKubernetesResource.class::cast)
            .findFirst()
            .orElseThrow();
    @SuppressWarnings("unchecked")
    var checks =
        (List<Map<String, Object>>)
            ((Map<String, Object>) kustomization.getAdditionalProperties().get("spec"))
                .get("healthCheckExprs");
    Map<String, Object> check = checks.get(0);
    assertThat(check)
        .containsEntry("apiVersion", "pinecone.io/v1alpha1")
        .containsEntry("kind", "PineconeImport")
        .doesNotContainKey("inProgress");
    FAILED = (String) check.get("failed");
    CURRENT = (String) check.get("current");
  }

  private FluxHealth() {}

  @SuppressWarnings("unchecked")
  static Health of(Object resource) throws Exception {
    Map<String, Object> object =
        new ObjectMapper()
            .readValue(Serialization.asJson(resource), new TypeReference<Map<String, Object>>() {});
    object = (Map<String, Object>) longs(object);
    var metadata = (Map<String, Object>) object.get("metadata");
    var status = (Map<String, Object>) object.get("status");
    if (status != null
        && status.get("observedGeneration") != null
        && !Objects.equals(status.get("observedGeneration"), metadata.get("generation"))) {
      return Health.IN_PROGRESS;
    }
    Optional<Boolean> isFailed = eval(FAILED, object);
    Optional<Boolean> isCurrent = eval(CURRENT, object);
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
    CelCompiler compiler =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("apiVersion", SimpleType.DYN)
            .addVar("kind", SimpleType.DYN)
            .addVar("metadata", SimpleType.DYN)
            .addVar("spec", SimpleType.DYN)
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
      return l.stream().map(FluxHealth::longs).toList();
    }
    return value;
  }
}
