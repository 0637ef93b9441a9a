package io.github.pineconeimport.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeApiException.Kind;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProblemsTest {

  @ParameterizedTest(name = "{0} {1} -> {2} (needs user: {3})")
  @CsvSource({
    "HTTP_STATUS,        400, BadRequest,          true",
    "HTTP_STATUS,        401, Unauthorized,        true",
    "HTTP_STATUS,        403, Forbidden,           true",
    "HTTP_STATUS,        404, ImportNotFound,      true",
    "HTTP_STATUS,        408, PineconeUnavailable, false",
    "HTTP_STATUS,        429, RateLimited,         false",
    "HTTP_STATUS,        500, PineconeUnavailable, false",
    "HTTP_STATUS,        503, PineconeUnavailable, false",
    "TIMEOUT,            0,   PineconeTimeout,     false",
    "CONNECTION,         0,   PineconeUnreachable, false",
    "MALFORMED_RESPONSE, 0,   MalformedResponse,   false",
    "REDIRECT,           302, UnexpectedRedirect,  true",
  })
  void classifiesFailures(Kind kind, int code, Reason reason, boolean needsUser) {
    var e = new PineconeApiException(kind, code, "details from Pinecone", Duration.ofSeconds(7));
    Problem p = Problems.fromApi(e, "101", "idx.pinecone.io", "pinecone");
    assertThat(p.reason()).isEqualTo(reason);
    assertThat(p.needsUser()).isEqualTo(needsUser);
    assertThat(e.isTransient()).isEqualTo(!needsUser);
  }

  @ParameterizedTest
  @CsvSource({"500", "502", "503", "504"})
  void transientMessagesAreTheSameForEveryServerErrorSoStatusDoesNotChurn(int code) {
    var e = new PineconeApiException(Kind.HTTP_STATUS, code, "request id " + code, null);
    assertThat(Problems.fromApi(e, "1", "h", "s").message())
        .isEqualTo("Pinecone is unavailable (HTTP 5xx); retrying with backoff");
  }

  @ParameterizedTest
  @CsvSource({"401, Secret pinecone", "404, spec.importId", "403, Secret pinecone"})
  void messagesSayWhatToFix(int code, String hint) {
    var e = new PineconeApiException(Kind.HTTP_STATUS, code, "nope", null);
    assertThat(Problems.fromApi(e, "101", "idx.pinecone.io", "pinecone").message())
        .contains("HTTP " + code)
        .contains("nope")
        .contains(hint);
  }

  @org.junit.jupiter.api.Test
  void rateLimitCarriesRetryAfter() {
    var e = new PineconeApiException(Kind.HTTP_STATUS, 429, null, Duration.ofSeconds(9));
    assertThat(Problems.fromApi(e, "1", "h", "s").retryAfterHint()).contains(Duration.ofSeconds(9));
  }
}
