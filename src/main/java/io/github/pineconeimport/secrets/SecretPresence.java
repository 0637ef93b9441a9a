package io.github.pineconeimport.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.URLUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a Secret of a name exists, learnt without receiving any of it: a list by name answered as
 * a server-side Table without objects ({@code includeObject=None}), which carries only the name,
 * the type, the number of keys and the age. Even metadata would be too much: a Secret written with
 * client-side {@code kubectl apply} holds its whole manifest, values included, in an annotation.
 *
 * <p>Asked only when a Secret an import names is not among the labelled ones, to tell "create it"
 * from "label it".
 */
final class SecretPresence {

  static final String TABLE = "application/json;as=Table;g=meta.k8s.io;v=v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;

  SecretPresence(KubernetesClient client) {
    this.client = client;
  }

  boolean exists(String namespace, String name) {
    String url =
        URLUtils.join(
            client.getConfiguration().getMasterUrl(),
            "api/v1/namespaces",
            URLEncoder.encode(namespace, StandardCharsets.UTF_8),
            "secrets?includeObject=None&limit=1&fieldSelector="
                + URLEncoder.encode("metadata.name=" + name, StandardCharsets.UTF_8));
    HttpClient http = client.getHttpClient();
    var request = http.newHttpRequestBuilder().uri(url).header("Accept", TABLE).build();
    try {
      HttpResponse<InputStream> response =
          http.sendAsync(request, InputStream.class).get(30, TimeUnit.SECONDS);
      try (InputStream body = response.body()) {
        if (!response.isSuccessful()) {
          throw new KubernetesClientException(
              "could not tell whether Secret " + namespace + "/" + name + " exists",
              response.code(),
              null);
        }
        JsonNode root = JSON.readTree(body);
        // a real server answers a Table (rows); the Fabric8 mock ignores Accept (items)
        JsonNode found = root.has("rows") ? root.path("rows") : root.path("items");
        return found.size() > 0;
      }
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new KubernetesClientException(
          "could not tell whether Secret " + namespace + "/" + name + " exists", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted", e);
    }
  }
}
