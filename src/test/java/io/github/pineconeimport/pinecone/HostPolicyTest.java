package io.github.pineconeimport.pinecone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPolicyTest {

  static final String DEFAULT = "*.svc.*.pinecone.io,*.svc.private.*.pinecone.io";

  @Test
  void theDefaultIsPineconesIndexHostsOnly() {
    assertThat(HostPolicy.DEFAULT).isEqualTo(DEFAULT);
  }

  @ParameterizedTest(name = "{0} with [{1}] -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "products-abc123.svc.aped-4627-b74a.pinecone.io | *.svc.*.pinecone.io |"
            + " https://products-abc123.svc.aped-4627-b74a.pinecone.io",
        "https://products-abc123.svc.aped-4627-b74a.pinecone.io/ | *.svc.*.pinecone.io |"
            + " https://products-abc123.svc.aped-4627-b74a.pinecone.io",
        "idx-p.svc.private.aped-4627-b74a.pinecone.io | "
            + DEFAULT
            + " |"
            + " https://idx-p.svc.private.aped-4627-b74a.pinecone.io",
        "idx-p.svc.aped-4627-b74a.pinecone.io:443 | "
            + DEFAULT
            + " |"
            + " https://idx-p.svc.aped-4627-b74a.pinecone.io",
        "idx-p.svc.aped-4627-b74a.pinecone.io:8443 | " + DEFAULT + " | -",
        "docs.pinecone.io | " + DEFAULT + " | -",
        "status.pinecone.io | " + DEFAULT + " | -",
        "a.b.svc.aped-4627-b74a.pinecone.io | " + DEFAULT + " | -",
        "svc.aped-4627-b74a.pinecone.io | " + DEFAULT + " | -",
        "idx.svc.aped.pinecone.io.evil.com | " + DEFAULT + " | -",
        "idx.pinecone.io:443 | *.pinecone.io | https://idx.pinecone.io",
        "idx.pinecone.io | *.pinecone.io:443 | https://idx.pinecone.io",
        "a.idx.pinecone.io | *.pinecone.io | -",
        "pinecone.io | *.pinecone.io | -",
        "evil-pinecone.io | *.pinecone.io | -",
        "idx.pinecone.io.evil.com | *.pinecone.io | -",
        "127.0.0.1:8181 | *.pinecone.io,http://127.0.0.1:8181 | http://127.0.0.1:8181",
        "127.0.0.1:8182 | *.pinecone.io,http://127.0.0.1:8181 | -",
        "127.0.0.1:9443 | 127.0.0.1 | -",
        "127.0.0.1:9443 | 127.0.0.1:9443 | https://127.0.0.1:9443",
        "IDX.Pinecone.IO | *.pinecone.io | https://idx.pinecone.io",
        "IDX.Pinecone.IO | IDX.PINECONE.IO | https://idx.pinecone.io",
      })
  void resolvesOnlyAllowedHostsAndPicksTheScheme(String host, String allowed, String expected) {
    var endpoint = IndexEndpoint.parse(host).orElseThrow();
    var resolved = HostPolicy.parse(allowed).resolve(endpoint);
    if (expected.equals("-")) {
      assertThat(resolved).isEmpty();
    } else {
      assertThat(resolved).map(IndexEndpoint::toString).contains(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://idx.pinecone.io",
        "ftp://x",
        "idx.pinecone.io/path",
        "user@idx.pinecone.io",
        "idx.pinecone.io:99999",
        "",
        "idx.pinecone.io:abc"
      })
  void rejectsWhatIsNotAHostWrittenTheWayUsersWriteIt(String host) {
    var parsed = IndexEndpoint.parse(host);
    assertThat(parsed.filter(e -> e.scheme().equals("https"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", " , ", "*.*.io", "a*.pinecone.io", "ftp://x.io", "*", "*.io", "x.*.io"})
  void refusesMalformedSettingsWithAMessageNamingTheVariable(String setting) {
    assertThatThrownBy(() -> HostPolicy.parse(setting))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PINECONE_ALLOWED_HOSTS");
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "*.io", "*.*.io", "*:443", "*.pinecone.*", "idx.*.io", "*.*"})
  void refusesAPatternThatWouldCoverATopLevelDomainAndSaysWhy(String setting) {
    assertThatThrownBy(() -> HostPolicy.parse(setting))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PINECONE_ALLOWED_HOSTS: '" + setting + "'")
        .hasMessageContaining("top-level domain");
  }

  @Test
  void anAnnotationsMessageNamesTheAnnotationNotTheSetting() {
    assertThatThrownBy(() -> HostPolicy.parse("*.io", "the annotation of Secret ml/k"))
        .hasMessageStartingWith("the annotation of Secret ml/k: '*.io'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://*.pinecone.io", "*.pinecone.io,http://*.svc.local:8181"})
  void refusesAWildcardOverPlainHttpBecauseItSendsTheKeyInClearToAWholeDomain(String setting) {
    assertThatThrownBy(() -> HostPolicy.parse(setting))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PINECONE_ALLOWED_HOSTS")
        .hasMessageContaining("http://*.")
        .hasMessageContaining("clear text");
  }

  @Test
  void anHttpsTheUserWroteIsNeverDowngradedByAnHttpEntry() {
    var policy = HostPolicy.parse("*.pinecone.io,http://127.0.0.1:8181,http://idx.pinecone.io");
    var written = IndexEndpoint.parse("https://127.0.0.1:8181").orElseThrow();
    assertThat(policy.resolve(written, true)).as("only http is allowed: refused").isEmpty();
    assertThat(policy.resolve(written, false))
        .map(IndexEndpoint::toString)
        .contains("http://127.0.0.1:8181");
    var pinecone = IndexEndpoint.parse("https://idx.pinecone.io").orElseThrow();
    assertThat(policy.resolve(pinecone, true))
        .map(IndexEndpoint::toString)
        .contains("https://idx.pinecone.io");
    assertThat(IndexEndpoint.schemeWritten("https://idx.pinecone.io")).isTrue();
    assertThat(IndexEndpoint.schemeWritten("idx.pinecone.io")).isFalse();
  }
}
