package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.pinecone.IndexEndpoint;
import java.util.Optional;

/**
 * Which host budget a resource's requests count against: its index host and port as written,
 * whatever the scheme, so {@code https://h} and {@code h} share one. Empty when the host cannot
 * be read; such a resource gets a problem and no request anyway.
 */
final class BudgetKey {

  private BudgetKey() {}

  static Optional<String> of(PineconeImport resource) {
    if (resource.getSpec() == null) {
      return Optional.empty();
    }
    return IndexEndpoint.parse(resource.getSpec().getIndexHost())
        .map(e -> e.host() + (e.port() == IndexEndpoint.NO_PORT ? "" : ":" + e.port()));
  }
}
