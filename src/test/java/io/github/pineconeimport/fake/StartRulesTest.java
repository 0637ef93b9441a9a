package io.github.pineconeimport.fake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which start URIs each API version takes. */
class StartRulesTest {

  @ParameterizedTest(name = "{0} at {1}: accepted={2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "s3://bucket/products/2024-08/,                               2025-01, true",
        "s3://bucket,                                                 2025-01, true",
        "gs://bucket/products/,                                       2025-01, false",
        "https://acct.blob.core.windows.net/container/products/,      2025-01, false",
        "s3://bucket/products/,                                       none,    true",
        "gs://bucket/products/,                                       none,    false",
        "gs://bucket/products/,                                       2024-10, false",
        "s3://bucket/products/,                                       2025-04, true",
        "gs://bucket/products/,                                       2025-04, true",
        "gs://bucket/products/,                                       2025-10, true",
        "https://acct.blob.core.windows.net/container/products/,      2025-10, true",
        "https://acct.blob.core.windows.net/container/products/,      2026-04, true",
        // not object storage Pinecone reads
        "https://example.com/container/products/,                     2025-10, false",
        "http://acct.blob.core.windows.net/container/products/,       2025-10, false",
        "https://acct.blob.core.windows.net/,                         2025-10, false",
        "https://acct.blob.core.windows.net/c1/p/,                    2025-10, false",
        "file:///data/products/,                                      2025-10, false",
        "s3:/bucket/products/,                                        2025-10, false",
        "S3://bucket/products/,                                       2025-10, false",
        "s3://,                                                       2025-10, false",
        "/bucket/products/,                                           2025-10, false",
      })
  void acceptsTheSchemesOfItsVersion(String uri, String version, boolean accepted) {
    assertThat(StartRules.uriProblem(uri, version).isEmpty()).isEqualTo(accepted);
  }

  @ParameterizedTest(name = "{0} characters: accepted={1}")
  @CsvSource({"0, false", "1500, true", "1501, false"})
  void boundsTheLength(int length, boolean accepted) {
    String prefix = "s3://bucket/";
    String uri = length == 0 ? "" : prefix + "a".repeat(length - prefix.length());
    assertThat(uri).hasSize(length);
    assertThat(StartRules.uriProblem(uri, "2025-10").isEmpty()).isEqualTo(accepted);
  }

  @ParameterizedTest
  @CsvSource({"gs://bucket/x/, 2025-01, only s3://", "ftp://x/, 2025-10, gs://BUCKET"})
  void saysWhatItExpects(String uri, String version, String text) {
    assertThat(StartRules.uriProblem(uri, version))
        .hasValueSatisfying(m -> assertThat(m).contains(text));
  }
}
