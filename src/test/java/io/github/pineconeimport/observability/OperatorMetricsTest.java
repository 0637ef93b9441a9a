package io.github.pineconeimport.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which answers count as a failed status write, and under which outcome. */
class OperatorMetricsTest {

  static final String STATUS =
      "/apis/pinecone.io/v1alpha1/namespaces/team-a/pineconeimports/p/status";

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "PATCH, " + STATUS + ", 200, -",
        "PUT,   " + STATUS + ", 200, -",
        "PATCH, " + STATUS + ", 409, -", // the optimistic lock: the reconcile runs again
        "PUT,   " + STATUS + ", 409, -",
        "PATCH, " + STATUS + ", 404, -", // deleted meanwhile
        "PATCH, " + STATUS + ", 403, 4xx",
        "PATCH, " + STATUS + ", 422, 4xx",
        "PUT,   " + STATUS + ", 500, 5xx",
        "PATCH, " + STATUS + ", 503, 5xx",
        "PATCH, " + STATUS + ", 0,   error", // no answer at all
        "GET,   " + STATUS + ", 500, -", // a read is no write
        "PATCH, /apis/pinecone.io/v1alpha1/namespaces/team-a/pineconeimports/p, 500, -",
        "PATCH, /api/v1/namespaces/team-a/events/e, 500, -",
        "PATCH, /apis/other.io/v1/namespaces/a/widgets/p/status, 500, -",
      })
  void countsRefusedAndUnansweredStatusWritesOnly(
      String method, String path, int code, String outcome) {
    assertThat(OperatorMetrics.failedStatusWrite(method, path, code))
        .isEqualTo(Optional.ofNullable(outcome));
  }
}
