package io.github.pineconeimport.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.OperatorProcess;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.ManualClock;
import io.github.pineconeimport.testing.RealKube;
import io.github.pineconeimport.testing.RealOperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code /readyz} as the kubelet sees it, on the operator process (settings as deployed: leader
 * election, all namespaces), with an import running, while its API server goes away: stopped
 * (SIGTERM), killed (SIGKILL), and frozen (SIGSTOP: its connections stay open and nothing answers,
 * as when it hangs or the network to it is cut; the watches then look connected). It must answer
 * 503 within 10 seconds, keep answering 503 while the server is away, and 200 again once it is
 * back; {@code /healthz} stays 200 throughout (no crash loop).
 */
@Execution(ExecutionMode.CONCURRENT)
class RealServerReadinessIT {

  static final Duration WITHIN = Duration.ofSeconds(10);
  static final Duration AWAY = Duration.ofSeconds(20);

  RealKube kube;
  FakePineconeServer pinecone;
  KubernetesClient client;
  OperatorProcess process;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    kube = RealKube.dedicated();
    String ns = kube.newNamespace("readiness");
    pinecone =
        FakePineconeServer.start(
            0, TestResources.API_KEY, new ManualClock(Instant.parse("2026-01-01T00:00:00Z")));
    pinecone.seed("701", TestResources.SCRIPT);
    kube.client()
        .resource(
            TestResources.apiKeySecret(ns, TestResources.SECRET, "apiKey", TestResources.API_KEY))
        .create();
    kube.client()
        .resource(TestResources.pineconeImport(ns, "running", pinecone.hostAndPort(), "701"))
        .create();
    client = kube.newClient(c -> c.setUserAgent(RealOperatorHarness.OPERATOR_AGENT));
    process =
        OperatorProcess.start(
            client,
            OperatorConfig.fromEnv(
                Map.of(
                    OperatorConfig.WATCH_NAMESPACES,
                    ns,
                    OperatorConfig.ALLOWED_HOSTS,
                    pinecone.allowedHostEntry(),
                    OperatorConfig.HEALTH_PORT,
                    "0")));
    await().atMost(Duration.ofSeconds(30)).until(() -> code("/readyz") == 200);
  }

  @AfterEach
  void stop() {
    if (process != null) {
      process.close();
    }
    if (pinecone != null) {
      pinecone.close();
    }
    if (kube != null) {
      kube.close();
    }
  }

  @Test
  void readyzAnswers503Within10SecondsOfAStoppedAKilledAndAFrozenApiServer() throws Exception {
    Duration stopped = awayFor(kube::stopApiServer, "stopped (SIGTERM)");
    Duration killed = awayFor(kube::killApiServer, "killed (SIGKILL)");
    Duration frozen = awayFor(kube::freezeApiServer, "frozen (SIGSTOP)");
    System.out.printf(
        "/readyz answered 503 %d ms after the API server was stopped, %d ms after it was killed,"
            + " %d ms after it was frozen%n",
        stopped.toMillis(), killed.toMillis(), frozen.toMillis());
  }

  /** Takes the server away, samples the probes, brings it back; returns the time to 503. */
  private Duration awayFor(Runnable takeAway, String how) throws Exception {
    takeAway.run();
    long goneAt = System.nanoTime();
    List<String> samples = new ArrayList<>();
    Duration firstNotReady = null;
    while (System.nanoTime() - goneAt < AWAY.toNanos()) {
      int ready = code("/readyz");
      Duration at = Duration.ofNanos(System.nanoTime() - goneAt);
      samples.add(at.toMillis() + "ms:" + ready);
      if (ready == 503 && firstNotReady == null) {
        firstNotReady = at;
      }
      assertThat(code("/healthz")).as("alive while the API server is %s", how).isEqualTo(200);
      Thread.sleep(500);
    }
    assertThat(firstNotReady).as("/readyz with the API server %s: %s", how, samples).isNotNull();
    assertThat(firstNotReady).as("%s: %s", how, samples).isLessThanOrEqualTo(WITHIN);
    Duration from = firstNotReady;
    assertThat(samples)
        .as("503 from the first 503 on while the server is %s", how)
        .filteredOn(s -> Long.parseLong(s.substring(0, s.indexOf("ms"))) >= from.toMillis())
        .allMatch(s -> s.endsWith(":503"));
    if (how.startsWith("frozen")) {
      kube.thawApiServer();
    } else {
      kube.startApiServer();
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> code("/readyz") == 200);
    return firstNotReady;
  }

  private int code(String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.healthPort() + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
