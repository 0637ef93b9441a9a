package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.StartIntent;
import io.github.pineconeimport.lifecycle.StartPlan;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.pinecone.IndexEndpoint;
import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Problems;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a start that may be in flight: lists every import on the index and lets {@link
 * StartPlan#afterList} pick the one this resource may have started. Starting and deleting both need
 * it.
 */
public final class ImportFinder {

  /** Exactly one of step and problem is set. */
  record Listed(StartPlan.Step step, Problem problem) {}

  private static final Logger log = LoggerFactory.getLogger(ImportFinder.class);

  private final PineconeClient pinecone;
  private final StartPlan plan;

  public ImportFinder(PineconeClient pinecone, StartPlan plan) {
    this.pinecone = pinecone;
    this.plan = plan;
  }

  Listed find(
      PineconeImport resource,
      ImportContext context,
      PineconeAccess.Granted granted,
      StartIntent intent) {
    try {
      List<BulkImport> all =
          pinecone.listAll(granted.endpoint(), granted.key(), granted.apiVersion());
      StartPlan.Step next =
          plan.afterList(resource.getSpec(), intent, all, trackedElsewhere(resource, context));
      log.info("Listed {} imports after a start that may be in flight: {}", all.size(), next);
      return new Listed(next, null);
    } catch (PineconeApiException e) {
      var spec = resource.getSpec();
      return new Listed(
          null,
          Problems.fromApi(
              e,
              "(list)",
              spec.getIndexHost(),
              spec.getApiKeySecretRef() == null ? "" : spec.getApiKeySecretRef().getName(),
              granted.version()));
    }
  }

  /** Import IDs on the same index host that other PineconeImports track (from the cache). */
  static Set<String> trackedElsewhere(PineconeImport resource, ImportContext context) {
    Optional<IndexEndpoint> host = IndexEndpoint.parse(resource.getSpec().getIndexHost());
    Set<String> ids = new HashSet<>();
    context
        .imports()
        .filter(
            other -> !Objects.equals(other.getMetadata().getUid(), resource.getMetadata().getUid()))
        .filter(
            other ->
                other.getSpec() != null
                    && IndexEndpoint.parse(other.getSpec().getIndexHost()).equals(host))
        .forEach(
            other -> {
              if (other.getSpec().getImportId() != null) {
                ids.add(other.getSpec().getImportId());
              }
              if (other.getStatus() != null && other.getStatus().getImportId() != null) {
                ids.add(other.getStatus().getImportId());
              }
            });
    // this resource's own earlier runs are never the run it starts now
    var history = resource.getStatus() == null ? null : resource.getStatus().getHistory();
    if (history != null) {
      history.stream().map(r -> r.getImportId()).filter(Objects::nonNull).forEach(ids::add);
    }
    return ids;
  }
}
