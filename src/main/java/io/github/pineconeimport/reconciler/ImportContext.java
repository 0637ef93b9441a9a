package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.secrets.SecretEventSource;
import io.github.pineconeimport.secrets.SecretLookup;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.stream.Stream;

/**
 * The part of the cluster a reconcile reads and writes: the API client, the cache of imports and
 * the Secrets. JOSDK's {@link Context} provides it in the operator ({@link #of}); a test provides a
 * small one of its own and calls the reconciler directly.
 */
public interface ImportContext {

  /** The Secrets imports name, as the Secret watch shows them. */
  interface Secrets {
    /** What an import may know of one key of a Secret: never more than that key. */
    SecretLookup read(String namespace, String name, String dataKey);

    /** Its resourceVersion as last seen, "" when unknown: a change lets a poll go ahead early. */
    String version(String namespace, String name);

    /** An import is gone: a value no other import needs is dropped. */
    void importDeleted();
  }

  KubernetesClient client();

  /** JOSDK's final delete event in all-events mode: the resource is gone from the API server. */
  boolean primaryDeleted();

  /** Every PineconeImport in the operator's cache. */
  Stream<PineconeImport> imports();

  Secrets secrets();

  /** Puts what a write returned in the cache, so the next reconcile sees it before the watch. */
  void written(PineconeImport stored, PineconeImport read);

  static ImportContext of(Context<PineconeImport> context) {
    return new ImportContext() {
      @Override
      public KubernetesClient client() {
        return context.getClient();
      }

      @Override
      public boolean primaryDeleted() {
        return context.isPrimaryResourceDeleted();
      }

      @Override
      public Stream<PineconeImport> imports() {
        return context.getPrimaryCache().list();
      }

      @Override
      public Secrets secrets() {
        SecretEventSource source = SecretEventSource.in(context);
        return new Secrets() {
          @Override
          public SecretLookup read(String namespace, String name, String dataKey) {
            return source.read(namespace, name, dataKey);
          }

          @Override
          public String version(String namespace, String name) {
            return source.version(namespace, name);
          }

          @Override
          public void importDeleted() {
            source.importDeleted();
          }
        };
      }

      @Override
      public void written(PineconeImport stored, PineconeImport read) {
        context
            .eventSourceRetriever()
            .getControllerEventSource()
            .handleRecentResourceUpdate(ResourceID.fromResource(stored), stored, read);
      }
    };
  }
}
