package io.github.pineconeimport.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.pinecone.ApiVersion;
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

  @ParameterizedTest(name = "{0} \"{1}\" -> version refused: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | Unsupported API version '2024-07': set the X-Pinecone-Api-Version header | true",
        "404 | API version 2024-07 is not supported                                  | true",
        "400 | Invalid X-Pinecone-Api-Version header: 2024-13                          | true",
        "400 | Use of namespace='__default__' is not allowed in API versions prior to 2025-04 |"
            + " false",
        "400 | Invalid uri: expected s3://BUCKET/PATH                                  | false",
        "400 | Invalid uri: only s3://BUCKET/PATH URIs are supported in API version 2025-01 |"
            + " false",
        "400 | X-Pinecone-Api-Version header '2024-07' is no longer supported          | true",
        "404 | Import 101 not found                                                    | false",
        "403 | Unsupported API version '2024-07'                                       | false",
        "500 | Unsupported API version '2024-07'                                       | false",
      })
  void aRefusedApiVersionIsToldFromOtherErrors(int code, String message, boolean refused) {
    var e = new PineconeApiException(Kind.HTTP_STATUS, code, message, null);
    assertThat(e.apiVersionUnsupported()).isEqualTo(refused);
    Problem p =
        Problems.fromApi(e, "101", "idx.pinecone.io", "pinecone", new ApiVersion("2024-07", false));
    assertThat(p.reason() == Reason.ApiVersionUnsupported).isEqualTo(refused);
    if (refused) {
      assertThat(p.needsUser()).isTrue();
    }
  }

  @org.junit.jupiter.api.Test
  void aRefusedVersionNamesTheOneSettingThatChoseIt() {
    var e =
        new PineconeApiException(Kind.HTTP_STATUS, 400, "Unsupported API version '2025-01'", null);
    Problem pinned =
        Problems.fromApi(e, "101", "h", "pinecone", ApiVersion.choose("2025-01", "2026-04"));
    assertThat(pinned.reason()).isEqualTo(Reason.ApiVersionUnsupported);
    assertThat(pinned.message())
        .contains("API version 2025-01")
        .contains("this resource pins it with spec.pineconeApiVersion")
        .contains("HTTP 400");
    Problem operators =
        Problems.fromApi(e, "101", "h", "pinecone", ApiVersion.choose(null, "2025-01"));
    assertThat(operators.message())
        .contains("API version 2025-01")
        .contains("it comes from the operator's PINECONE_API_VERSION")
        .doesNotContain("this resource pins it");
    // a start refused for its version is not StartRefused, which waits for a spec change
    Problem start = Problems.startRefused(e, "h", "pinecone", ApiVersion.choose(null, "2025-01"));
    assertThat(start.reason()).isEqualTo(Reason.ApiVersionUnsupported);
    assertThat(start.message()).isEqualTo(operators.message());
  }
}
