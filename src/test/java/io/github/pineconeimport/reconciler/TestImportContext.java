package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import java.util.Optional;
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
      @Override
      public Optional<Secret> read(String namespace, String name) {
        return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
      }

      @Override
      public String version(String namespace, String name) {
        return read(namespace, name).map(s -> s.getMetadata().getResourceVersion()).orElse("");
      }

      @Override
      public void importDeleted() {
        importsDeleted++;
      }
    };
  }

  @Override
  public void written(PineconeImport stored, PineconeImport read) {
    // no cache here: every reconcile of the test reads the API server
  }
}
