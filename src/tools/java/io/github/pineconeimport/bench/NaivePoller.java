package io.github.pineconeimport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The baseline: what a team writes by hand today. Every poll interval, for every import, GET it
 * from Pinecone and PATCH whatever came back into the resource's status, changed or not, and never
 * stop, not even once the import has ended. Failed requests are simply tried next time. It runs on
 * as many threads as the operator reconciles with, so neither side gets more hands.
 */
final class NaivePoller implements AutoCloseable {

  private final KubernetesClient client;
  private final String namespace;
  private final String apiKey;
  private final Duration poll;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final ObjectMapper json = JsonMapper.builder().build();
  private final ScheduledExecutorService scheduler;
  private final LongAdder errors = new LongAdder();

  NaivePoller(
      KubernetesClient client, String namespace, String apiKey, Duration poll, int threads) {
    this.client = client;
    this.namespace = namespace;
    this.apiKey = apiKey;
    this.poll = poll;
    this.scheduler =
        Executors.newScheduledThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "naive-poller");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts polling one import, from now until {@link #close()}. */
  void track(String name, String importId, String baseUrl) {
    scheduler.scheduleAtFixedRate(
        () -> pollOnce(name, importId, baseUrl), 0, poll.toMillis(), TimeUnit.MILLISECONDS);
  }

  long errors() {
    return errors.sum();
  }

  private void pollOnce(String name, String importId, String baseUrl) {
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/bulk/imports/" + importId))
                  .header("Api-Key", apiKey)
                  .header("X-Pinecone-Api-Version", "2025-01")
                  .timeout(Duration.ofSeconds(15))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        errors.increment();
        return;
      }
      JsonNode body = json.readTree(response.body());
      var status = new PineconeImportStatus();
      status.setPhase(body.path("status").asText(null));
      status.setPercentComplete(
          body.hasNonNull("percentComplete") ? body.get("percentComplete").asDouble() : null);
      status.setRecordsImported(
          body.hasNonNull("recordsImported") ? body.get("recordsImported").asLong() : null);
      status.setError(body.path("error").asText(null));
      status.setConditions(null);
      var cr = new PineconeImport();
      cr.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
      cr.setStatus(status);
      // a JSON merge patch of the status, sent every time: no read, no comparison
      client.resource(cr).patchStatus();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // a throw would cancel this import's schedule; a hand-written loop just tries again
      errors.increment();
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
