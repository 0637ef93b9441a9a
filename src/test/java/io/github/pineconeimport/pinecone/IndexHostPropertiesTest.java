package io.github.pineconeimport.pinecone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * One rule for what a host is: the CRD's pattern (what the API server lets in), the operator's
 * parser (what it can use) and the JDK's URI and HTTP client (what it can send to) must agree, or a
 * resource gets past validation and fails every reconcile.
 */
class IndexHostPropertiesTest {

  /** The pattern as the API server gets it: read from the committed CRD, not the Java constant. */
  static final Pattern CRD_PATTERN = Pattern.compile(crdIndexHostPattern());

  static String crdIndexHostPattern() {
    try {
      return new YAMLMapper()
          .readTree(Path.of("crds/pineconeimports.pinecone.io-v1.yml").toFile())
          .at(
              "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/indexHost/pattern")
          .asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean crdAccepts(String host) {
    return CRD_PATTERN.matcher(host).matches();
  }

  static Optional<IndexEndpoint> operatorAccepts(String host) {
    return IndexEndpoint.parse(host).filter(e -> e.scheme().equals("https"));
  }

  @Property(tries = 3000)
  void theCrdAndTheParserAcceptTheSameHosts(@ForAll("hostLike") String host) {
    Statistics.label("verdict").collect(crdAccepts(host) ? "accepted" : "refused");
    // agreement is cheap when both refuse everything: enough of both verdicts must show
    Statistics.label("verdict")
        .coverage(
            c -> {
              c.check("accepted").percentage(p -> p >= 10);
              c.check("refused").percentage(p -> p >= 10);
            });
    assertThat(operatorAccepts(host).isPresent())
        .as("CRD accepts '%s': %s", host, crdAccepts(host))
        .isEqualTo(crdAccepts(host));
  }

  @Property(tries = 3000)
  void whatBothAcceptTheHttpClientCanSendTo(@ForAll("hostLike") String host) {
    Optional<IndexEndpoint> endpoint = operatorAccepts(host);
    Statistics.label("sent").collect(endpoint.isPresent() && crdAccepts(host));
    Statistics.label("sent").coverage(c -> c.check(true).percentage(p -> p >= 10));
    if (endpoint.isEmpty() || !crdAccepts(host)) {
      return;
    }
    HttpRequest[] request = new HttpRequest[1];
    assertThatCode(
            () ->
                request[0] =
                    PineconeClient.describeRequest(
                        endpoint.get(),
                        "101",
                        new ApiKey("k"),
                        "2025-01",
                        PineconeClient.Settings.defaults()))
        .as(host)
        .doesNotThrowAnyException();
    assertThat(request[0].uri().getHost()).as(host).isEqualTo(endpoint.get().host());
  }

  @Property(tries = 1000)
  void validIndexHostsAreAccepted(@ForAll("validHost") String host) {
    assertThat(crdAccepts(host)).as(host).isTrue();
    assertThat(operatorAccepts(host)).as(host).isPresent();
  }

  @Example
  void theHostsFromTheIssueAreRefusedByBoth() {
    for (String host :
        List.of(
            "a..pinecone.io",
            "x-.pinecone.io:8443",
            "-x.pinecone.io",
            "a.1b",
            "x.pinecone.io:0",
            "x.pinecone.io:65536",
            "l" + "x".repeat(63) + ".io")) {
      assertThat(crdAccepts(host)).as(host).isFalse();
      assertThat(operatorAccepts(host)).as(host).isEmpty();
    }
  }

  @Example
  void everydayHostsAreAcceptedByBoth() {
    for (String host :
        List.of(
            "products-abc123.svc.aped-4627-b74a.pinecone.io",
            "https://products-abc123.svc.aped-4627-b74a.pinecone.io/",
            "idx.pinecone.io:443",
            "127.0.0.1:8181",
            "localhost",
            "IDX.Pinecone.IO",
            "x".repeat(63) + ".io")) {
      assertThat(crdAccepts(host)).as(host).isTrue();
      assertThat(operatorAccepts(host)).as(host).isPresent();
    }
  }

  /** Near misses: label lengths around 63, hyphens and dots in odd places, ports out of range. */
  @Provide
  Arbitrary<String> hostLike() {
    Arbitrary<String> label =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars("ab9-").ofMinLength(0).ofMaxLength(4),
            Arbitraries.strings().withChars("abz0-").ofMinLength(60).ofMaxLength(66),
            Arbitraries.strings().withChars("aZ09-_*.").ofMinLength(0).ofMaxLength(8),
            Arbitraries.integers().between(0, 300).map(String::valueOf));
    Arbitrary<String> host = label.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join(".", l));
    Arbitrary<String> port =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.integers().between(-1, 70_000).map(i -> ":" + i),
            Arbitraries.strings().numeric().ofMaxLength(6).map(s -> ":" + s));
    Arbitrary<String> scheme =
        Arbitraries.of("", "", "https://", "http://", "HTTPS://", "ftp://", "https:/", " ");
    Arbitrary<String> tail = Arbitraries.of("", "", "/", "//", "/x", " ", "?a", "@b");
    Arbitrary<String> structured =
        Combinators.combine(scheme, host, port, tail).as((s, h, p, t) -> s + h + p + t);
    Arbitrary<String> noise = Arbitraries.strings().withChars("a0.-:/*@ %").ofMaxLength(20);
    // valid hosts too, so that "both accept" is tested as often as "both refuse"
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, structured),
        net.jqwik.api.Tuple.of(2, noise),
        net.jqwik.api.Tuple.of(3, validHost()));
  }

  @Provide
  Arbitrary<String> validHost() {
    Arbitrary<String> inner =
        Arbitraries.strings().withChars("abc019-").ofMinLength(0).ofMaxLength(61);
    Arbitrary<String> label =
        Combinators.combine(
                Arbitraries.strings().withChars("aZ09").ofLength(1),
                inner,
                Arbitraries.strings().withChars("aZ09").ofLength(1))
            .as((a, b, c) -> a + b + c);
    Arbitrary<String> top =
        Combinators.combine(
                Arbitraries.strings().withChars("az").ofLength(1),
                Arbitraries.strings().withChars("a9").ofMaxLength(5))
            .as((a, b) -> a + b);
    Arbitrary<String> port =
        Arbitraries.oneOf(
            Arbitraries.just(""), Arbitraries.integers().between(1, 65_535).map(i -> ":" + i));
    return Combinators.combine(
            Arbitraries.of("", "https://"),
            label.list().ofMaxSize(4).map(l -> String.join(".", l)),
            top,
            port)
        .as((s, l, t, p) -> s + (l.isEmpty() ? "" : l + ".") + t + p);
  }
}
