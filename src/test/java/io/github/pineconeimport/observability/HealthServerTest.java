package io.github.pineconeimport.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe port answers while anyone who can reach the pod holds connections open. */
class HealthServerTest {

  HealthServer server;
  final List<Socket> slow = new ArrayList<>();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  @BeforeEach
  void start() throws Exception {
    server = HealthServer.start(0, () -> true, () -> false, () -> "pinecone_up 1\n");
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket s : slow) {
      s.close();
    }
    server.close();
  }

  /** What the kubelet does: one GET, and a one-second timeout (its default). */
  HttpResponse<String> probe(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(1))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  Socket halfARequest() throws Exception {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
    OutputStream out = s.getOutputStream();
    out.write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    slow.add(s);
    return s;
  }

  @Test
  void healthzAnswersWhileManyClientsHoldHalfARequestOpen() throws Exception {
    for (int i = 0; i < 50; i++) {
      halfARequest();
    }
    for (int i = 0; i < 5; i++) {
      var answer = probe("/healthz");
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("ok\n");
    }
    assertThat(probe("/readyz").statusCode()).isEqualTo(503);
    assertThat(probe("/metrics").body()).isEqualTo("pinecone_up 1\n");
    assertThat(slow).allSatisfy(s -> assertThat(s.isClosed()).isFalse());
  }

  @Test
  void aClientThatNeverFinishesItsRequestIsDisconnected() throws Exception {
    Socket s = halfARequest();
    s.setSoTimeout((int) HealthServer.DEADLINE.plusSeconds(5).toMillis());
    InputStream in = s.getInputStream();
    assertThat(in.read()).as("the server closes the connection past its deadline").isEqualTo(-1);
  }

  @Test
  void moreConnectionsThanTheCapDropTheOldestNotTheProbe() throws Exception {
    for (int i = 0; i < HealthServer.MAX_CONNECTIONS + 20; i++) {
      halfARequest();
    }
    assertThat(probe("/healthz").statusCode()).isEqualTo(200);
    slow.get(0).setSoTimeout(5_000);
    assertThat(slow.get(0).getInputStream().read()).isEqualTo(-1);
  }

  @Test
  void otherMethodsAndPathsAreRefused() throws Exception {
    var post =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(probe("/secrets").statusCode()).isEqualTo(404);
  }

  @Test
  void anOversizedRequestHeadIsRefused() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(5_000);
      s.getOutputStream()
          .write(
              ("GET /healthz HTTP/1.1\r\nX: " + "a".repeat(HealthServer.MAX_HEAD))
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 431");
    }
  }
}
