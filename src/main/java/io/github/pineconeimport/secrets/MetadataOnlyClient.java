package io.github.pineconeimport.secrets;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * A Kubernetes client that asks the API server for Secrets' metadata only (the {@code
 * as=PartialObjectMetadata} content type, served since Kubernetes 1.15), so that lists and watches
 * over every Secret bring no value into the process. It is a client of its own because the Accept
 * header is a client-wide interceptor and the answers need their own type mapping.
 */
public final class MetadataOnlyClient {

  static final String OBJECT = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";
  static final String LIST = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

  private MetadataOnlyClient() {}

  /** A new client on the same server and identity as {@code client}; the caller closes it. */
  public static KubernetesClient from(KubernetesClient client) {
    var mapper = new ObjectMapper();
    // the server sends "items": null for an empty PartialObjectMetadataList
    mapper.configOverride(List.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
    var serialization = new KubernetesSerialization(mapper, true);
    // the real server answers PartialObjectMetadata; the mock ignores Accept and sends Secrets
    serialization.registerKubernetesResource(
        "meta.k8s.io/v1", "PartialObjectMetadata", SecretMetadata.class);
    serialization.registerKubernetesResource("v1", "Secret", SecretMetadata.class);
    return new KubernetesClientBuilder()
        .withConfig(client.getConfiguration())
        .withKubernetesSerialization(serialization)
        .withHttpClientBuilderConsumer(
            b ->
                b.addOrReplaceInterceptor(
                    "metadata-only",
                    new Interceptor() {
                      @Override
                      public void before(
                          BasicBuilder builder, HttpRequest request, RequestTags tags) {
                        builder.setHeader(
                            "Accept", acceptFor(request.uri().getPath(), request.uri().getQuery()));
                      }
                    }))
        .build();
  }

  /** A watch streams single objects, a request on the collection gets a list. */
  static String acceptFor(String path, String query) {
    boolean watch = query != null && query.contains("watch=true");
    boolean collection = path.endsWith("/secrets");
    return watch || !collection ? OBJECT : LIST;
  }
}
