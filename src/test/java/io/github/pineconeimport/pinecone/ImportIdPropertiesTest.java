package io.github.pineconeimport.pinecone;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.fake.FakePineconeServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever the import ID, describe asks for exactly one resource: the fake Pinecone receives {@code
 * /bulk/imports/{one segment}} whose segment, percent-decoded once, is the ID itself; or the client
 * refuses the ID with {@link InvalidImportIdException} and sends nothing.
 */
class ImportIdPropertiesTest {

  static final String KEY = "pcsk_import_id_fuzz_key_0123456789";
  static final String PREFIX = "/bulk/imports/";

  static LoopbackPinecone pinecone;

  @BeforeContainer
  static void start() throws IOException {
    pinecone = LoopbackPinecone.start(KEY);
  }

  @AfterContainer
  static void stop() {
    pinecone.close();
  }

  /** Both sides of the rule are exercised: an ID that is sent, and each reason for refusing one. */
  static void coverage() {
    Statistics.label("outcome")
        .coverage(
            c -> {
              c.check("sent").percentage(p -> p >= 30);
              c.check("refused " + InvalidImportIdException.Reason.PATH_STEP).count(n -> n >= 1);
              c.check("refused " + InvalidImportIdException.Reason.EMPTY).count(n -> n >= 1);
            });
  }

  @Property(tries = 1000)
  void anImportIdIsOneSegmentOrRefusedBeforeAnythingIsSent(@ForAll("importIds") String id) {
    pinecone.fake.clearRequests();
    try {
      pinecone.client.describe(pinecone.endpoint(), id, new ApiKey(KEY), "2025-01");
    } catch (InvalidImportIdException refused) {
      Statistics.label("outcome").collect("refused " + refused.reason());
      coverage();
      assertThat(refused.reason()).isEqualTo(expectedRefusal(id));
      assertThat(pinecone.fake.requests()).as("nothing sent for a refused ID").isEmpty();
      return;
    } catch (PineconeApiException answered) {
      // the fake knows no such import (404) or refuses it (400): the path is what counts here
    }
    Statistics.label("outcome").collect("sent");
    coverage();
    assertThat(expectedRefusal(id)).as("sent although it should be refused").isNull();
    assertThat(pinecone.fake.requests()).hasSize(1);
    FakePineconeServer.Request received = pinecone.fake.requests().get(0);
    assertThat(received.query()).as("no query").isNull();
    assertThat(received.path()).startsWith(PREFIX);
    String segment = received.path().substring(PREFIX.length());
    // escapes out, what is left is unreserved (no '/', no '?', no '#'); one class, no recursion
    assertThat(segment.replaceAll("%[0-9A-F]{2}", ""))
        .as("one percent-encoded segment: %s", segment)
        .matches("[A-Za-z0-9*._-]*");
    assertThat(decodeOnce(segment)).isEqualTo(id);
  }

  @Example
  void theFakeNeverSeesAPathStepOrTheListEndpoint() {
    for (String id : List.of("", ".", "..", "\ud800", "a\udc00b")) {
      pinecone.fake.clearRequests();
      assertThat(catchRefusal(id)).as("'%s'", id).isNotNull();
      assertThat(pinecone.fake.requests()).isEmpty();
    }
  }

  /** The reason the client must refuse an ID with, or null when it must send it. */
  static InvalidImportIdException.Reason expectedRefusal(String id) {
    if (id.isEmpty()) {
      return InvalidImportIdException.Reason.EMPTY;
    }
    if (id.equals(".") || id.equals("..")) {
      return InvalidImportIdException.Reason.PATH_STEP;
    }
    if (!StandardCharsets.UTF_8.newEncoder().canEncode(id)) {
      return InvalidImportIdException.Reason.NOT_UNICODE;
    }
    return null;
  }

  static InvalidImportIdException catchRefusal(String id) {
    try {
      pinecone.client.describe(pinecone.endpoint(), id, new ApiKey(KEY), "2025-01");
      return null;
    } catch (InvalidImportIdException refused) {
      return refused;
    } catch (PineconeApiException answered) {
      return null;
    }
  }

  /** RFC 3986 percent-decoding, exactly once, of UTF-8; malformed UTF-8 fails the test. */
  static String decodeOnce(String segment) {
    var bytes = new ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("segment is not UTF-8 once decoded: " + segment, e);
    }
  }

  /** Path and query syntax, escapes, Unicode traps and lengths around Pinecone's 1000. */
  @Provide
  Arbitrary<String> importIds() {
    Arbitrary<String> piece =
        Arbitraries.of(
            "/",
            "..",
            ".",
            "%2F",
            "%2f",
            "%",
            "%25",
            "%2e%2e",
            "?",
            "#",
            "+",
            " ",
            "\\",
            ";",
            "&",
            "=",
            "@",
            ":",
            "~",
            "*",
            "a",
            "101",
            "é",
            "e\u0301",
            "\u202e",
            "\ud83d\ude00",
            "\ud800",
            "\udc00",
            "\u0000",
            "\n",
            "\r\n",
            "\t",
            "\u00a0",
            "\ufeff",
            "\u0131",
            "\u2215",
            "\uff0f",
            "%00",
            "%c0%af",
            "\u2028");
    Arbitrary<String> joined = piece.list().ofMaxSize(12).map(l -> String.join("", l));
    Arbitrary<String> longer =
        Arbitraries.of("a", "/", "\ud83d\ude00", "%2F", "é")
            .flatMap(p -> Arbitraries.of(999, 1000, 1001, 3000).map(p::repeat));
    return Arbitraries.frequencyOf(
        Tuple.of(6, joined),
        Tuple.of(2, Arbitraries.strings().ofMaxLength(30)),
        Tuple.of(1, Arbitraries.of("", ".", "..", "...", "./", "/..", "%2e", "%2E%2E")),
        Tuple.of(1, longer));
  }
}
