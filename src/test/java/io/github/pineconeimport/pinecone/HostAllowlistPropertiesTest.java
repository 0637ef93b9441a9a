package io.github.pineconeimport.pinecone;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.testing.LoopbackListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The allowlist is the one thing between a namespace's author and the API key. For hostile {@code
 * spec.indexHost} values (userinfo, fragments, queries, trailing dots, mixed case, IDN and
 * punycode, IPv4 in decimal, octal and hex, IPv6 and IPv4-mapped IPv6, ports, percent-encoding,
 * whitespace and control characters, very long names), whatever the policy lets through goes, on
 * the wire, to exactly a host and port an allowlist entry names; and on loopback, a second listener
 * that is not on the allowlist never sees a connection.
 */
class HostAllowlistPropertiesTest {

  static final String KEY = "pcsk_allowlist_fuzz_key_0123456789";

  /** Pinecone on loopback, the only allowed plain-http host in the loopback property. */
  static LoopbackPinecone pinecone;

  /** Not on any allowlist: counts every connection that reaches it. */
  static LoopbackListener elsewhere;

  @BeforeContainer
  static void start() throws IOException {
    pinecone = LoopbackPinecone.start(KEY);
    pinecone.fake.seed("101", ImportScript.quick());
    String answer = "{\"id\":\"101\",\"status\":\"Completed\"}";
    elsewhere =
        LoopbackListener.start(
            (head, out) ->
                out.write(
                    ("HTTP/1.1 200 OK\r\n"
                            + "Content-Type: application/json\r\nContent-Length: "
                            + answer.length()
                            + "\r\nConnection: close\r\n\r\n"
                            + answer)
                        .getBytes(StandardCharsets.US_ASCII)));
  }

  @AfterContainer
  static void stop() {
    pinecone.close();
    elsewhere.close();
  }

  /**
   * The steps PineconeImportReconciler takes before it calls Pinecone: parse spec.indexHost (a
   * scheme other than https is not a valid spec), then ask the policy, never downgrading an
   * https:// the user wrote.
   */
  static Optional<IndexEndpoint> endpointFor(HostPolicy policy, String indexHost) {
    return IndexEndpoint.parse(indexHost)
        .filter(e -> e.scheme().equals("https"))
        .flatMap(e -> policy.resolve(e, IndexEndpoint.schemeWritten(indexHost)));
  }

  // ------------------------------------------------------------------ at the wire

  /** The allowlist of the wire property, and an oracle for it written apart from HostPolicy. */
  static final String ALLOWED = "*.pinecone.io, idx.example.com:8443, http://127.0.0.1:8181";

  static boolean allowedByOracle(String scheme, String host, int port) {
    boolean ldh =
        host.chars()
            .allMatch(
                c -> c == '.' || c == '-' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
    // "*" is one whole label, and no port means 443
    boolean underPinecone = host.matches("[a-z0-9-]+\\.pinecone\\.io") && port == -1;
    return ldh
        && switch (scheme) {
          case "https" -> underPinecone || (host.equals("idx.example.com") && port == 8443);
          case "http" -> host.equals("127.0.0.1") && port == 8181;
          default -> false;
        };
  }

  @Property(tries = 2000)
  void whatThePolicyLetsThroughGoesToAnAllowedHostAndPort(
      @ForAll("hostileHosts") String indexHost) {
    Optional<IndexEndpoint> endpoint = endpointFor(HostPolicy.parse(ALLOWED), indexHost);
    Statistics.label("policy").collect(endpoint.isPresent() ? "let through" : "refused");
    // a policy that refuses everything would pass every assertion below: it must not
    Statistics.label("policy")
        .coverage(
            c -> {
              c.check("let through").percentage(p -> p >= 5);
              c.check("refused").percentage(p -> p >= 5);
            });
    if (endpoint.isEmpty()) {
      return;
    }
    HttpRequest request =
        PineconeClient.describeRequest(
            endpoint.get(), "101", new ApiKey(KEY), "2025-01", PineconeClient.Settings.defaults());
    URI sent = request.uri();
    // what the HTTP client connects to is what java.net.URI reads from the URI it carries
    URI reread = URI.create(sent.toString());
    assertThat(reread.getHost()).as(indexHost).isEqualTo(sent.getHost()).isNotNull();
    assertThat(reread.getPort()).isEqualTo(sent.getPort());
    assertThat(sent.getRawUserInfo()).as("userinfo of %s", indexHost).isNull();
    assertThat(sent.getRawQuery()).as("query of %s", indexHost).isNull();
    assertThat(sent.getRawFragment()).as("fragment of %s", indexHost).isNull();
    assertThat(sent.getRawAuthority())
        .isEqualTo(sent.getHost() + (sent.getPort() == -1 ? "" : ":" + sent.getPort()));
    assertThat(sent.getRawPath()).isEqualTo("/bulk/imports/101");
    assertThat(allowedByOracle(sent.getScheme(), sent.getHost(), sent.getPort()))
        .as("%s went to %s", indexHost, sent)
        .isTrue();
  }

  /**
   * An allowlist entry (PINECONE_ALLOWED_HOSTS) that is itself hostile is refused with its text
   * named, or lets through only the host it names literally.
   */
  @Property(tries = 1000)
  void aHostileAllowlistEntryIsRefusedOrNamesItsHost(@ForAll("hostileHosts") String entry) {
    HostPolicy policy;
    try {
      policy = HostPolicy.parse(entry);
    } catch (IllegalArgumentException refused) {
      Statistics.label("entry").collect("refused");
      entryCoverage();
      assertThat(refused.getMessage()).contains("PINECONE_ALLOWED_HOSTS");
      return;
    }
    Statistics.label("entry").collect("accepted");
    entryCoverage();
    for (String probe : PROBES) {
      Optional<IndexEndpoint> let = endpointFor(policy, probe);
      let.ifPresent(
          e ->
              assertThat(namedBy(entry, e.host()))
                  .as("entry '%s' lets through %s", entry, e)
                  .isTrue());
    }
  }

  static void entryCoverage() {
    Statistics.label("entry")
        .coverage(
            c -> {
              c.check("accepted").percentage(p -> p >= 5);
              c.check("refused").percentage(p -> p >= 5);
            });
  }

  /** The entry's text names the host itself, or a "*." domain the host is under. */
  static boolean namedBy(String entry, String host) {
    String named = entry.strip().toLowerCase(Locale.ROOT);
    int star = named.indexOf("*.");
    return named.contains(host)
        || star >= 0 && host.endsWith(named.substring(star + 1).replaceAll("[:/].*", ""));
  }

  /** Hosts an attacker would like to reach, each with and without a port. */
  static final List<String> PROBES =
      List.of(
          "evil.example",
          "evil.example:8443",
          "127.0.0.1",
          "127.0.0.1:8181",
          "169.254.169.254",
          "10.0.0.1:443",
          "localhost",
          "pinecone.io",
          "x.pinecone.io.evil.example",
          "evil.example.pinecone.io");

  // ------------------------------------------------------------------ on loopback

  /**
   * With only the fake Pinecone allowed (http://127.0.0.1:A), variants that name the second
   * listener (port B) in every way a URL parser might be fooled never open a connection to it.
   */
  @Property(tries = 300)
  void hostileVariantsNeverReachAListenerOffTheAllowlist(
      @ForAll("loopbackVariants") String template) {
    String indexHost =
        template
            .replace("{A}", Integer.toString(pinecone.fake.port()))
            .replace("{B}", Integer.toString(elsewhere.port()));
    HostPolicy policy = HostPolicy.parse(pinecone.fake.allowedHostEntry());
    int reachedBefore = elsewhere.connections();
    Optional<IndexEndpoint> endpoint = endpointFor(policy, indexHost);
    Statistics.label("policy").collect(endpoint.isPresent() ? "let through" : "refused");
    Statistics.label("policy")
        .coverage(
            c -> {
              c.check("let through").percentage(p -> p >= 2);
              c.check("refused").percentage(p -> p >= 20);
            });
    if (endpoint.isPresent()) {
      int before = pinecone.fake.requests().size();
      try {
        assertThat(pinecone.client.describe(endpoint.get(), "101", new ApiKey(KEY), "2025-01").id())
            .isEqualTo("101");
      } catch (PineconeApiException e) {
        throw new AssertionError(indexHost + " was let through but the fake did not answer", e);
      }
      assertNeverReachedElsewhere(indexHost, reachedBefore);
      assertThat(pinecone.fake.requests()).hasSize(before + 1);
      assertThat(pinecone.fake.requests().get(before).headers().get("Host"))
          .isEqualTo(pinecone.fake.hostAndPort());
    }
    assertNeverReachedElsewhere(indexHost, reachedBefore);
  }

  static void assertNeverReachedElsewhere(String indexHost, int reachedBefore) {
    assertThat(elsewhere.connections())
        .as("connections to the listener off the allowlist after %s", indexHost)
        .isEqualTo(reachedBefore);
  }

  /** The control: a client sent straight to a listener is counted, so a leak would show. */
  @Example
  void aListenerReachedDirectlyCountsTheConnection() throws Exception {
    try (var reached = LoopbackListener.start((head, out) -> {})) {
      try {
        pinecone.client.describe(
            new IndexEndpoint("http", "127.0.0.1", reached.port()),
            "101",
            new ApiKey(KEY),
            "2025-01");
      } catch (PineconeApiException expected) {
        // it closes without an answer
      }
      assertThat(reached.connections()).isPositive();
      assertThat(reached.requestHeads()).anySatisfy(h -> assertThat(h).contains("Api-Key: " + KEY));
    }
  }

  // ------------------------------------------------------------------ generators

  @Provide
  Arbitrary<String> hostileHosts() {
    Arbitrary<String> name =
        Arbitraries.of(
            "x.pinecone.io",
            "pinecone.io",
            "evil.example",
            "idx.example.com",
            "X.PINECONE.IO",
            "Idx.Example.Com",
            "xn--pnecone-9ya.io",
            "x.xn--pinecone-.io",
            "xn--80ak6aa92e.com",
            "p\u0456necone.io",
            "x.pinecone.io.",
            "x.pinecone.io..",
            ".pinecone.io",
            "x..pinecone.io",
            "x.pinecone.ioevil.example",
            "pinecone.io.evil.example",
            "x-.pinecone.io",
            "x_y.pinecone.io",
            "*.pinecone.io",
            "x.pinecone\u3002io",
            "x.pinecone\uff0eio",
            "x\u200b.pinecone.io",
            "x.p\u0131necone.io",
            "localhost",
            "127.0.0.1",
            "2130706433",
            "0177.0.0.1",
            "0x7f.0.0.1",
            "0x7f000001",
            "127.1",
            "127.0.0.01",
            "017700000001",
            "169.254.169.254",
            "0.0.0.0",
            "256.0.0.1",
            "1.2.3.4.5",
            "[::1]",
            "::1",
            "[::ffff:127.0.0.1]",
            "[::ffff:7f00:1]",
            "[fe80::1%25eth0]",
            "[0:0:0:0:0:0:0:1]",
            "[::ffff:169.254.169.254]");
    Arbitrary<String> port =
        Arbitraries.of(
            "",
            "",
            "",
            ":443",
            ":8443",
            ":8181",
            ":0",
            ":65536",
            ":8443x",
            ":+443",
            ": 443",
            ":",
            ":00443",
            ":8181:8443",
            ":%38443");
    Arbitrary<String> scheme =
        Arbitraries.of(
            "",
            "",
            "https://",
            "http://",
            "HTTPS://",
            "https:\\\\",
            "//",
            "https:/",
            " https://",
            "ftp://");
    Arbitrary<String> joint =
        Arbitraries.of(
            "@", "#", "?", "/", "\\", "%2e", "%40", "%23", "%2F", ".", " ", "\t", "\n", "\r\n",
            "\u0000", "%00", ";", ",", "&", "\u3002");
    Arbitrary<String> single = Combinators.combine(scheme, name, port).as((s, n, p) -> s + n + p);
    // two hosts around a URL delimiter: x.pinecone.io@evil.example, evil.example#.pinecone.io
    Arbitrary<String> smuggled =
        Combinators.combine(scheme, name, port, joint, name, port)
            .as((s, n1, p1, j, n2, p2) -> s + n1 + p1 + j + n2 + p2);
    Arbitrary<String> longName =
        Arbitraries.integers()
            .between(1, 80)
            .flatMap(
                n ->
                    Arbitraries.of("a.", "abcdefghij.", "x".repeat(63) + ".", "x".repeat(64) + ".")
                        .map(label -> label.repeat(n) + "pinecone.io"));
    Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(30);
    // what an honest user writes, so that the property also sees hosts let through
    Arbitrary<String> honest =
        Arbitraries.of(
            "x.pinecone.io",
            "X.Pinecone.IO",
            "https://x.pinecone.io",
            "x.pinecone.io:443",
            "idx.example.com:8443",
            "https://idx.example.com:8443/",
            "127.0.0.1:8181");
    return Arbitraries.frequencyOf(
        Tuple.of(2, honest),
        Tuple.of(3, single),
        Tuple.of(5, smuggled),
        Tuple.of(1, longName),
        Tuple.of(1, noise),
        Tuple.of(
            1,
            Arbitraries.strings().withChars("xpinecone.io:/@#?%[]\\ 0123456789").ofMaxLength(40)));
  }

  /** Every way to write "the second listener" (port B) next to the allowed fake (port A). */
  @Provide
  Arbitrary<String> loopbackVariants() {
    Arbitrary<String> loopback =
        Arbitraries.of(
            "127.0.0.1",
            "localhost",
            "LOCALHOST",
            "127.0.0.1.",
            "2130706433",
            "0177.0.0.1",
            "0x7f.0.0.1",
            "0x7f000001",
            "127.1",
            "127.0.0.01",
            "[::1]",
            "[::ffff:127.0.0.1]",
            "[::ffff:7f00:1]",
            "127.0.0.2",
            "0.0.0.0",
            "127.0.0.1%2e",
            "127\u30020\u30020\u30021");
    Arbitrary<String> port =
        Arbitraries.of(
            ":{B}", ":{B}", ":{A}", ":0{B}", "", ":{A}:{B}", ":{B}:{A}", "%3A{B}", ": {B}");
    Arbitrary<String> scheme = Arbitraries.of("", "", "http://", "https://", "HTTP://", "//");
    Arbitrary<String> before =
        Arbitraries.of(
            "",
            "",
            "127.0.0.1:{A}@",
            "x.pinecone.io@",
            "127.0.0.1:{A}#",
            "127.0.0.1:{A}/",
            "127.0.0.1:{A}\\");
    Arbitrary<String> after =
        Arbitraries.of(
            "",
            "",
            "@127.0.0.1:{A}",
            "#@127.0.0.1:{A}",
            "?127.0.0.1:{A}",
            "/",
            "/..",
            "%00",
            "\n",
            "\r\nHost: 127.0.0.1:{A}",
            " ",
            ".");
    // the allowed fake itself now and then, so that the property also sees requests go through
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.of("127.0.0.1:{A}", "http://127.0.0.1:{A}", "127.0.0.1:{A}/")),
        Tuple.of(
            9,
            Combinators.combine(scheme, before, loopback, port, after)
                .as((s, b, h, p, a) -> s + b + h + p + a)));
  }
}
