package io.github.pineconeimport.pinecone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.status.ImportStatusMapper;
import io.github.pineconeimport.status.Observation;
import io.github.pineconeimport.status.Problems;
import io.github.pineconeimport.status.ReadableStatus;
import io.github.pineconeimport.status.Transition;
import io.github.pineconeimport.testing.LoopbackListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever a Pinecone index host answers to describe, the client ends in an import or a typed
 * {@link PineconeApiException} within its time budget and body cap, and what it returns maps to a
 * status a user can read, with the key nowhere in it even when the server echoes the key back.
 * Served by a bare loopback listener, so framing, bytes and timing are the test's to choose.
 */
class PineconeAnswerPropertiesIT {

  static final String KEY = "pcsk_answer_fuzz_key_0123456789abcdef";

  /** Replaced, in an answer, by the Api-Key the request carried: a server that echoes the key. */
  static final String ECHO = "<<KEY>>";

  static final Pattern API_KEY = Pattern.compile("(?im)^Api-Key: ([^\r\n]*)");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
  static final Duration HANG_GUARD = Duration.ofSeconds(30);
  static final int MAX_BODY = PineconeClient.Settings.defaults().maxBodyBytes();

  static LoopbackListener pinecone;

  @BeforeContainer
  static void start() throws IOException {
    pinecone = LoopbackListener.start((head, out) -> {});
  }

  @AfterContainer
  static void stop() {
    pinecone.close();
  }

  /** How the body is framed on the wire, including framings that lie. */
  enum Framing {
    CONTENT_LENGTH,
    CHUNKED,
    UNTIL_CLOSE,
    LENGTH_TOO_LONG,
    LENGTH_TOO_SHORT,
    BAD_CHUNK
  }

  record Answer(int status, String header, Framing framing, byte[] body) {
    @Override
    public String toString() {
      String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
      return status + " " + framing + " [" + header + "] " + body.length + " bytes: " + text;
    }
  }

  // ------------------------------------------------------------------ properties

  @Property(tries = 400)
  void everyAnswerEndsInAnImportOrATypedError(@ForAll("answers") Answer answer) {
    pinecone.reply(serve(answer));
    Outcome outcome = describe(PATIENT);
    Statistics.label("outcome")
        .collect(outcome.result() != null ? "import" : outcome.error().kind().name());
    outcome.assertReadableWithoutTheKey();
    if (outcome.result() != null) {
      assertThat(answer.status()).as("an import only from a 2xx").isBetween(200, 299);
    }
    if (outcome.error() != null
        && outcome.error().kind() == PineconeApiException.Kind.HTTP_STATUS) {
      assertThat(outcome.error().statusCode()).isEqualTo(answer.status());
      assertThat(answer.status() < 200 || answer.status() >= 400)
          .as("HTTP_STATUS only for an answer that is neither 2xx nor 3xx")
          .isTrue();
    }
  }

  @Property(tries = 150)
  void aWellFormedImportIsReadAsSentWithTheKeyRedacted(
      @ForAll("wellFormedImports") Map<String, String> fields,
      @ForAll("honestFramings") Framing framing) {
    String body =
        fields.entrySet().stream()
            .map(e -> quote(e.getKey()) + ":" + e.getValue())
            .collect(Collectors.joining(",", "{", "}"));
    pinecone.reply(serve(new Answer(200, "", framing, body.getBytes(StandardCharsets.UTF_8))));
    Outcome outcome = describe(PATIENT);
    assertThat(outcome.error()).as("body %s", body).isNull();
    BulkImport imp = outcome.result();
    assertThat(imp.status()).isEqualTo(expectedText(fields.get("status")));
    assertThat(imp.uri()).isEqualTo(expectedText(fields.get("uri")));
    assertThat(imp.error()).isEqualTo(expectedText(fields.get("error")));
    assertThat(imp.createdAt()).isEqualTo(expectedText(fields.get("createdAt")));
    outcome.assertReadableWithoutTheKey();
  }

  /**
   * An answer that arrives a byte at a time (from the status line on, or once the headers are in),
   * each byte well within the request timeout but the whole 4 to 20 times the client's budget: the
   * client gives up at its budget (TIMEOUT) instead of reading the import.
   */
  @Property(tries = 4, generation = GenerationMode.EXHAUSTIVE)
  void aTrickleEndsInATimeout(
      @ForAll("trickleDelays") int millisPerByte, @ForAll boolean headersToo) {
    byte[] body =
        ("{\"id\":\"101\",\"status\":\"InProgress\",\"percentComplete\":42.0,"
                + "\"recordsImported\":7,\"uri\":\"s3://bucket/prefix/\"}")
            .getBytes(StandardCharsets.UTF_8);
    pinecone.reply(
        (head, out) -> {
          byte[] whole = framed(new Answer(200, "", Framing.CONTENT_LENGTH, body));
          int start = headersToo ? 0 : whole.length - body.length;
          out.write(whole, 0, start);
          out.flush();
          for (int i = start; i < whole.length; i++) {
            out.write(whole[i]);
            out.flush();
            Thread.sleep(millisPerByte);
          }
        });
    Outcome outcome = describe(IMPATIENT);
    assertThat(outcome.error()).as("a trickle of %s ms per byte", millisPerByte).isNotNull();
    assertThat(outcome.error().kind()).isEqualTo(PineconeApiException.Kind.TIMEOUT);
    outcome.assertReadableWithoutTheKey();
  }

  /** Regression: a key echoed into uri, id or a date reached status unredacted. */
  @Example
  void aKeyEchoedInEveryFieldIsRedactedInEveryField() {
    String echo = quote(ECHO);
    String body =
        "{\"id\":"
            + echo
            + ",\"uri\":"
            + echo
            + ",\"status\":"
            + echo
            + ",\"createdAt\":"
            + echo
            + ",\"finishedAt\":"
            + echo
            + ",\"error\":"
            + echo
            + "}";
    pinecone.reply(serve(new Answer(200, "", Framing.CONTENT_LENGTH, utf8(body))));
    BulkImport imp = describe(PATIENT).result();
    assertThat(
            List.of(
                imp.id(), imp.uri(), imp.status(), imp.createdAt(), imp.finishedAt(), imp.error()))
        .containsOnly("[REDACTED]");
  }

  /** An answer that never ends is cut at PINECONE_MAX_RESPONSE_BYTES, not read to the end. */
  @Example
  void anEndlessBodyEndsAtTheCap() {
    pinecone.reply(
        (head, out) -> {
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                      + "{\"error\":\"")
                  .getBytes(StandardCharsets.US_ASCII));
          byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
          while (true) {
            out.write(chunk);
          }
        });
    Outcome outcome = describe(PATIENT);
    assertThat(outcome.error()).isNotNull();
    assertThat(outcome.error().kind()).isEqualTo(PineconeApiException.Kind.MALFORMED_RESPONSE);
  }

  @Example
  void oneByteOverTheDefaultCapIsRefused() {
    String filler = "x".repeat(MAX_BODY + 1 - "{\"error\":\"\"}".length());
    byte[] body = ("{\"error\":\"" + filler + "\"}").getBytes(StandardCharsets.US_ASCII);
    assertThat(body).hasSize(MAX_BODY + 1);
    pinecone.reply(serve(new Answer(200, "", Framing.CONTENT_LENGTH, body)));
    Outcome outcome = describe(PATIENT);
    assertThat(outcome.error()).isNotNull();
    assertThat(outcome.error().kind()).isEqualTo(PineconeApiException.Kind.MALFORMED_RESPONSE);
  }

  @Example
  void aHundredThousandNestedArraysAreMalformedNotAStackOverflow() {
    String deep = "{\"status\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    pinecone.reply(
        serve(
            new Answer(200, "", Framing.CONTENT_LENGTH, deep.getBytes(StandardCharsets.US_ASCII))));
    Outcome outcome = describe(PATIENT);
    assertThat(outcome.error()).isNotNull();
    assertThat(outcome.error().kind()).isEqualTo(PineconeApiException.Kind.MALFORMED_RESPONSE);
  }

  // ------------------------------------------------------------------ calling the client

  /** Shared: each client is an HttpClient with threads of its own. */
  static final PineconeClient PATIENT =
      LoopbackPinecone.client(Duration.ofSeconds(2), MAX_BODY, CLOCK);

  /** A budget of 300 ms connect + 300 ms request, a fraction of what a trickle takes. */
  static final PineconeClient IMPATIENT =
      LoopbackPinecone.client(Duration.ofMillis(300), MAX_BODY, CLOCK);

  /** One describe, as the reconciler makes it; anything but an import or a typed error escapes. */
  static Outcome describe(PineconeClient client) {
    return assertTimeoutPreemptively(
        HANG_GUARD,
        () -> {
          try {
            BulkImport imp =
                client.describe(
                    new IndexEndpoint("http", "127.0.0.1", pinecone.port()),
                    "101",
                    new ApiKey(KEY),
                    "2025-01");
            assertThat(imp).as("describe returns an import or throws").isNotNull();
            return new Outcome(imp, null);
          } catch (PineconeApiException e) {
            return new Outcome(null, e);
          }
        });
  }

  record Outcome(BulkImport result, PineconeApiException error) {

    /** The status the reconciler would write from this outcome, and its events. */
    void assertReadableWithoutTheKey() {
      var observation =
          result != null
              ? new Observation.Described(result)
              : Problems.fromApi(error, "101", "idx.pinecone.io", "pinecone");
      PineconeImportStatus status =
          ImportStatusMapper.map(null, 1L, "101", observation, CLOCK.instant());
      ReadableStatus.assertReadable(status);
      assertThat(Serialization.asJson(status)).doesNotContain(KEY);
      assertThat(Transition.events(null, status))
          .allSatisfy(e -> assertThat(e.toString()).doesNotContain(KEY));
      if (error != null) {
        assertThat(error.kind()).isNotNull();
        assertThat(error.getMessage()).doesNotContain(KEY);
      }
    }
  }

  // ------------------------------------------------------------------ serving answers

  static LoopbackListener.Reply serve(Answer answer) {
    return (head, out) -> out.write(framed(echoKey(answer, head)));
  }

  static Answer echoKey(Answer answer, String head) {
    Matcher key = API_KEY.matcher(head);
    assertThat(key.find()).as("the request carries Api-Key: %s", head).isTrue();
    String given = key.group(1);
    String body = new String(answer.body(), StandardCharsets.ISO_8859_1);
    return new Answer(
        answer.status(),
        answer.header().replace(ECHO, given),
        answer.framing(),
        body.replace(ECHO, given).getBytes(StandardCharsets.ISO_8859_1));
  }

  static byte[] framed(Answer a) throws IOException {
    var out = new ByteArrayOutputStream();
    byte[] body = a.body();
    StringBuilder head =
        new StringBuilder("HTTP/1.1 " + a.status() + " Whatever\r\n")
            .append("Content-Type: application/json\r\nConnection: close\r\n");
    if (!a.header().isEmpty()) {
      head.append(a.header()).append("\r\n");
    }
    switch (a.framing()) {
      case CONTENT_LENGTH -> head.append("Content-Length: ").append(body.length).append("\r\n");
      case LENGTH_TOO_LONG ->
          head.append("Content-Length: ").append(body.length + 10).append("\r\n");
      case LENGTH_TOO_SHORT ->
          head.append("Content-Length: ").append(body.length / 2).append("\r\n");
      case CHUNKED, BAD_CHUNK -> head.append("Transfer-Encoding: chunked\r\n");
      case UNTIL_CLOSE -> {}
    }
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    switch (a.framing()) {
      case CHUNKED -> writeChunks(out, body);
      case BAD_CHUNK -> out.write(("zz\r\n").getBytes(StandardCharsets.US_ASCII));
      default -> out.write(body);
    }
    return out.toByteArray();
  }

  static void writeChunks(OutputStream out, byte[] body) throws IOException {
    for (int at = 0; at < body.length; at += 7_001) {
      int n = Math.min(7_001, body.length - at);
      out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, at, n);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  // ------------------------------------------------------------------ generators

  static final List<String> FIELDS =
      List.of(
          "id",
          "uri",
          "status",
          "createdAt",
          "finishedAt",
          "percentComplete",
          "recordsImported",
          "error",
          "created_at",
          "finished_at",
          "percent_complete",
          "records_imported",
          "validationResult",
          "somethingNew");

  @Provide
  Arbitrary<Answer> answers() {
    Arbitrary<Integer> status =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.just(200)),
            Tuple.of(1, Arbitraries.of(201, 202, 203, 204, 206, 226)),
            Tuple.of(1, Arbitraries.of(300, 301, 302, 303, 304, 307, 308)),
            Tuple.of(2, Arbitraries.integers().between(400, 599)),
            Tuple.of(1, Arbitraries.integers().between(100, 999)));
    Arbitrary<String> header =
        Arbitraries.of(
            "",
            "",
            "",
            "Retry-After: 99999999999999999999",
            "Retry-After: -5",
            "Retry-After: Thu, 01 Jan 1970 00:00:00 GMT",
            "Retry-After: " + ECHO,
            "Location: http://169.254.169.254/",
            "Content-Encoding: gzip",
            "X-Note: \u00e9\u00ff");
    Arbitrary<Framing> framing =
        Arbitraries.frequencyOf(
            Tuple.of(
                6, Arbitraries.of(Framing.CONTENT_LENGTH, Framing.CHUNKED, Framing.UNTIL_CLOSE)),
            Tuple.of(
                1,
                Arbitraries.of(
                    Framing.LENGTH_TOO_LONG, Framing.LENGTH_TOO_SHORT, Framing.BAD_CHUNK)));
    return Combinators.combine(status, header, framing, bodies()).as(Answer::new);
  }

  static Arbitrary<byte[]> bodies() {
    Arbitrary<String> imports = importObjects();
    Arbitrary<String> truncated =
        imports
            .filter(s -> s.length() > 1)
            .flatMap(
                s -> Arbitraries.integers().between(1, s.length() - 1).map(n -> s.substring(0, n)));
    Arbitrary<String> deep =
        Arbitraries.of(1_000, 100_000)
            .flatMap(
                n ->
                    Arbitraries.of(
                        "[".repeat(n) + "]".repeat(n),
                        "{\"status\":" + "[".repeat(n) + "]".repeat(n) + "}",
                        "{\"a\":".repeat(n) + "1" + "}".repeat(n)));
    Arbitrary<String> huge =
        Arbitraries.integers()
            .between(1, 4_096)
            .map(extra -> "{\"error\":\"" + "x".repeat(MAX_BODY + extra) + "\"}");
    Arbitrary<String> odd =
        Arbitraries.of(
            "",
            " ",
            "null",
            "[]",
            "\"x\"",
            "1",
            "{}",
            "NaN",
            "{\"id\":null}",
            "{\"status\":\"Completed\"}{\"status\":\"Failed\"}",
            "<html>502</html>",
            "{\"error\":{\"message\":\"" + ECHO + "\"}}",
            "\ufeff{\"status\":\"Pending\"}");
    return Arbitraries.frequencyOf(
        Tuple.of(8, imports.map(PineconeAnswerPropertiesIT::utf8)),
        Tuple.of(3, truncated.map(PineconeAnswerPropertiesIT::utf8)),
        Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
        Tuple.of(1, deep.map(PineconeAnswerPropertiesIT::utf8)),
        Tuple.of(1, huge.map(PineconeAnswerPropertiesIT::utf8)),
        Tuple.of(2, odd.map(PineconeAnswerPropertiesIT::utf8)));
  }

  /** An object with Pinecone's field names (and others) holding values of any JSON type. */
  static Arbitrary<String> importObjects() {
    return Arbitraries.maps(Arbitraries.of(FIELDS), jsonValues(2))
        .ofMaxSize(9)
        .map(
            m ->
                m.entrySet().stream()
                    .map(e -> quote(e.getKey()) + ":" + e.getValue())
                    .collect(Collectors.joining(",", "{", "}")));
  }

  static Arbitrary<String> jsonValues(int depth) {
    Arbitrary<String> scalar =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(30).map(PineconeAnswerPropertiesIT::quote),
            Arbitraries.of(
                "0",
                "-1",
                "1.5",
                "-0",
                "-0.0",
                "100",
                "100.5",
                "-17.25",
                "1e400",
                "-1e400",
                "4.9e-325",
                "123456789012345678901234567890",
                "9223372036854775808",
                "NaN",
                "Infinity",
                "-Infinity",
                "true",
                "false",
                "null",
                "\"NaN\"",
                "\"Infinity\"",
                "\"-5\"",
                "\"1e400\"",
                "\"\"",
                quote(ECHO),
                quote("sk " + ECHO + " x"),
                "\"2026-13-45T25:61:61Z\"",
                "1700000000000",
                "\"\\ud800\"",
                "\"\\u0000\\u001b[31m\"",
                "\"Completed\""),
            Arbitraries.doubles().map(String::valueOf),
            Arbitraries.longs().map(String::valueOf));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<String> inner = jsonValues(depth - 1);
    return Arbitraries.frequencyOf(
        Tuple.of(6, scalar),
        Tuple.of(1, inner.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]")),
        Tuple.of(
            1,
            Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(5), inner)
                .ofMaxSize(3)
                .map(
                    m ->
                        m.entrySet().stream()
                            .map(e -> quote(e.getKey()) + ":" + e.getValue())
                            .collect(Collectors.joining(",", "{", "}")))));
  }

  /** Pinecone's fields with values of the right type; text may carry the echoed key. */
  @Provide
  Arbitrary<Map<String, String>> wellFormedImports() {
    Arbitrary<String> text =
        Arbitraries.oneOf(
                Arbitraries.strings()
                    .ofMaxLength(40)
                    .filter(s -> StandardCharsets.UTF_8.newEncoder().canEncode(s)),
                Arbitraries.of(ECHO, "before " + ECHO + " after", ECHO + ECHO))
            .map(PineconeAnswerPropertiesIT::quote);
    return Combinators.combine(
            text,
            text,
            text,
            text,
            Arbitraries.doubles().between(0, 100).map(String::valueOf),
            Arbitraries.longs().between(0, Long.MAX_VALUE).map(String::valueOf))
        .as(
            (status, uri, error, createdAt, pct, records) ->
                Map.of(
                    "id",
                    "\"101\"",
                    "status",
                    status,
                    "uri",
                    uri,
                    "error",
                    error,
                    "createdAt",
                    createdAt,
                    "percentComplete",
                    pct,
                    "recordsImported",
                    records));
  }

  @Provide
  Arbitrary<Framing> honestFramings() {
    return Arbitraries.of(Framing.CONTENT_LENGTH, Framing.CHUNKED, Framing.UNTIL_CLOSE);
  }

  @Provide
  Arbitrary<Integer> trickleDelays() {
    return Arbitraries.of(20, 60);
  }

  /** The text a quoted JSON string stands for, with the echoed key as the client must show it. */
  static String expectedText(String quoted) {
    try {
      String text = new ObjectMapper().readValue(quoted, String.class);
      return new ApiKey(KEY).redact(text.replace(ECHO, KEY));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String quote(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
