package io.github.pineconeimport.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.pineconeimport.pinecone.ApiKey;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconcileFailureTest {

  static final String KEY = "pcsk_reconcile_failure_key_0123456789";

  @Test
  void theKeyIsRedactedAndTheCauseThatQuotesItIsDropped() {
    var cause = new IllegalStateException("header " + KEY);
    var failure =
        ReconcileFailure.scrubbed(
            new IllegalArgumentException("invalid header value: \"" + KEY + "\"", cause),
            () -> Optional.of(new ApiKey(KEY)));

    assertThat(failure.getMessage())
        .isEqualTo("IllegalArgumentException: invalid header value: \"[REDACTED]\"");
    assertThat(failure.getCause()).isNull();
    assertThat(failure.getStackTrace()).isNotEmpty();
    assertThat(failure.belongsInStatus()).isTrue();
  }

  @Test
  void aKubernetesErrorIsNamedByItsCodeAndAConflictStaysOutOfStatus() {
    var conflict =
        new KubernetesClientException(
            new StatusBuilder().withCode(409).withMessage("the object has been modified").build());
    var unavailable =
        new KubernetesClientException(
            new StatusBuilder().withCode(503).withMessage("etcd leader changed").build());

    var c = ReconcileFailure.scrubbed(conflict, Optional::empty);
    var u = ReconcileFailure.scrubbed(unavailable, Optional::empty);

    assertThat(c.getMessage())
        .isEqualTo("Kubernetes API answered HTTP 409: the object has been modified");
    assertThat(c.belongsInStatus()).isFalse();
    assertThat(u.getMessage()).isEqualTo("Kubernetes API answered HTTP 503: etcd leader changed");
    assertThat(u.belongsInStatus()).isTrue();
  }

  @Test
  void aConflictWrappedByJosdkStaysOutOfStatus() {
    // JOSDK hands updateErrorStatus what reconcile threw inside its own OperatorException
    var thrown =
        ReconcileFailure.scrubbed(
            new KubernetesClientException(
                new StatusBuilder()
                    .withCode(409)
                    .withMessage("the object has been modified")
                    .build()),
            Optional::empty);
    var wrapped = new io.javaoperatorsdk.operator.OperatorException(thrown);

    var seen = ReconcileFailure.scrubbed(wrapped, Optional::empty);

    assertThat(seen.belongsInStatus()).isFalse();
    assertThat(seen.getMessage())
        .isEqualTo("Kubernetes API answered HTTP 409: the object has been modified");
  }
}
