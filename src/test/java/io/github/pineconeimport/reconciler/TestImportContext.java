package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.secrets.SecretLookup;
import java.util.stream.Stream;

/**
 * The small context a test hands the reconciler: the embedded API server's client for writes, its
 * imports for the cache, its Secrets as the Secret watch would show them.
 */
final class TestImportContext implements ImportContext {

  private final KubernetesClient client;
  boolean primaryDeleted;
  int importsDeleted;

  TestImportContext(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public boolean primaryDeleted() {
    return primaryDeleted;
  }

  @Override
  public Stream<PineconeImport> imports() {
    return client.resources(PineconeImport.class).inAnyNamespace().list().getItems().stream();
  }

  @Override
  public Secrets secrets() {
    return new Secrets() {
      /** As the operator's Secret watch with its default selector would show it. */
      @Override
      public SecretLookup read(String namespace, String name, String dataKey) {
        Secret secret = get(namespace, name);
        if (secret == null) {
          return new SecretLookup.NotFound();
        }
        var labels = secret.getMetadata().getLabels();
        if (labels == null || !"true".equals(labels.get(OperatorConfig.API_KEY_LABEL))) {
          return new SecretLookup.NotSelected();
        }
        return SecretLookup.of(secret, dataKey);
      }

      @Override
      public String version(String namespace, String name) {
        Secret secret = get(namespace, name);
        return secret == null ? "" : secret.getMetadata().getResourceVersion();
      }

      @Override
      public void importDeleted() {
        importsDeleted++;
      }
    };
  }

  private Secret get(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  @Override
  public void written(PineconeImport stored, PineconeImport read) {
    // no cache here: every reconcile of the test reads the API server
  }
}
