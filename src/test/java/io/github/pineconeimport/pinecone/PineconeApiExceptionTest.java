package io.github.pineconeimport.pinecone;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.pinecone.PineconeApiException.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule that tells a refused start from one whose outcome is unknown. */
class PineconeApiExceptionTest {

  @ParameterizedTest(name = "{0} {1} sent={2} -> may have created: {3}")
  @CsvSource({
    // Pinecone or its gateway refused before acting
    "HTTP_STATUS,        400, true,  false",
    "HTTP_STATUS,        401, true,  false",
    "HTTP_STATUS,        403, true,  false",
    "HTTP_STATUS,        404, true,  false",
    "HTTP_STATUS,        409, true,  false",
    "HTTP_STATUS,        422, true,  false",
    "HTTP_STATUS,        429, true,  false",
    // a proxy may have forwarded it, or the service failed after storing it
    "HTTP_STATUS,        408, true,  true",
    "HTTP_STATUS,        500, true,  true",
    "HTTP_STATUS,        502, true,  true",
    "HTTP_STATUS,        503, true,  true",
    "HTTP_STATUS,        504, true,  true",
    "REDIRECT,           303, true,  true",
    "MALFORMED_RESPONSE, 0,   true,  true",
    "TIMEOUT,            0,   true,  true",
    "CONNECTION,         0,   true,  true",
    // nothing left the machine
    "TIMEOUT,            0,   false, false",
    "CONNECTION,         0,   false, false",
  })
  void mayHaveCreated(Kind kind, int status, boolean sent, boolean expected) {
    assertThat(PineconeApiException.mayHaveCreated(kind, status, sent)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> sent={1}")
  @CsvSource({"TIMEOUT", "CONNECTION"})
  void notSentIsTheOnlyWayToSayNothingLeft(Kind kind) {
    assertThat(PineconeApiException.of(kind).mayHaveCreated()).isTrue();
    assertThat(PineconeApiException.notSent(kind).mayHaveCreated()).isFalse();
    assertThat(PineconeApiException.notSent(kind).isTransient()).isTrue();
  }
}
