package io.github.pineconeimport.testing;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.SecretKeyRef;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.pinecone.BulkImport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Builders for the objects tests create, and readers for what they check. */
public final class TestResources {

  public static final String NAMESPACE = "ml";
  public static final String SECRET = "pinecone";
  public static final String API_KEY = "pcsk_test_5ecret_value_that_must_never_leak";

  /** Pending 10s, three progress steps over 30s, 10s at 100%, then Completed (fake time). */
  public static final ImportScript SCRIPT =
      new ImportScript(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          3,
          900,
          BulkImport.COMPLETED,
          null);

  private TestResources() {}

  public static Secret apiKeySecret(String name, String key, String value) {
    return apiKeySecret(NAMESPACE, name, key, value);
  }

  /** A Secret its owner opted in for imports (labelled {@code pinecone.io/api-key: "true"}). */
  public static Secret apiKeySecret(String namespace, String name, String key, String value) {
    return new SecretBuilder(unlabelledSecret(namespace, name, key, value))
        .editMetadata()
        .addToLabels(OperatorConfig.API_KEY_LABEL, "true")
        .endMetadata()
        .build();
  }

  /** A Secret nobody opted in: the operator must not read it. */
  public static Secret unlabelledSecret(String namespace, String name, String key, String value) {
    return new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build())
        .withData(
            Map.of(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  public static PineconeImport pineconeImport(String name, String host, String importId) {
    return pineconeImport(NAMESPACE, name, host, importId);
  }

  public static PineconeImport pineconeImport(
      String namespace, String name, String host, String importId) {
    var spec = new PineconeImportSpec();
    spec.setIndexHost(host);
    spec.setImportId(importId);
    spec.setApiKeySecretRef(new SecretKeyRef(SECRET, "apiKey"));
    spec.setPollInterval("1s");
    spec.setPineconeApiVersion("2025-01");
    var cr = new PineconeImport();
    cr.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    cr.setSpec(spec);
    return cr;
  }

  /** A PineconeImport that starts its import from this uri (spec.source). */
  public static PineconeImport startingImport(String name, String host, String uri) {
    return startingImport(NAMESPACE, name, host, uri);
  }

  public static PineconeImport startingImport(
      String namespace, String name, String host, String uri) {
    var cr = pineconeImport(namespace, name, host, null);
    cr.getSpec().setSource(new io.github.pineconeimport.api.v1alpha1.ImportSource(uri));
    return cr;
  }

  /** An import as the operator would have left it: this generation, this status. */
  public static PineconeImport observed(
      Long generation, io.github.pineconeimport.api.v1alpha1.PineconeImportStatus status) {
    var cr = pineconeImport("products", "index.svc.pinecone.io", "101");
    cr.getMetadata().setGeneration(generation);
    cr.setStatus(status);
    return cr;
  }

  /**
   * A resource that starts its import from {@code uri} (spec.source, no spec.importId), as the
   * operator would have left it; {@code cancel} sets spec.cancel.
   */
  public static PineconeImport startingFrom(
      String uri,
      boolean cancel,
      Long generation,
      io.github.pineconeimport.api.v1alpha1.PineconeImportStatus status) {
    var cr = observed(generation, status);
    cr.getSpec().setImportId(null);
    cr.getSpec().setSource(new io.github.pineconeimport.api.v1alpha1.ImportSource(uri));
    cr.getSpec().setCancel(cancel ? Boolean.TRUE : null);
    return cr;
  }

  public static PineconeImport get(KubernetesClient client, String name) {
    return get(client, NAMESPACE, name);
  }

  public static PineconeImport get(KubernetesClient client, String namespace, String name) {
    return client.resources(PineconeImport.class).inNamespace(namespace).withName(name).get();
  }

  /** Events whose involved object is the named PineconeImport. */
  public static List<Event> eventsFor(KubernetesClient client, String name) {
    return eventsFor(client, NAMESPACE, name);
  }

  /** Events in the namespace whose involved object is the named PineconeImport. */
  public static List<Event> eventsFor(KubernetesClient client, String namespace, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
