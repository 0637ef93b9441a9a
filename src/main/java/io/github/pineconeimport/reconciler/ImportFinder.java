package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.StartIntent;
import io.github.pineconeimport.lifecycle.StartPlan;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.pinecone.ImportListTooLargeException;
import io.github.pineconeimport.pinecone.IndexEndpoint;
import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Problems;
import io.github.pineconeimport.status.Reason;
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
    } catch (ImportListTooLargeException e) {
      return new Listed(null, tooLarge(e, resource.getSpec().getIndexHost()));
    }
  }

  /**
   * A list too long to hold: adopting from part of it could start a second import, so nothing is
   * started until a person has looked.
   */
  static Problem tooLarge(ImportListTooLargeException e, String host) {
    return new Problem(
        Reason.ImportListTooLarge,
        e.getMessage()
            + " on "
            + host
            + " while looking for a start that may be in flight; nothing was started. Check in"
            + " Pinecone whether this resource's import exists: if it does, create a PineconeImport"
            + " with spec.importId to follow it; if not, delete and recreate this resource");
  }

  /**
   * Import IDs on the same index host (compared by {@link IndexEndpoint#key()}) that this operator
   * started for another PineconeImport, from the cache: see {@link StartPlan#startedHere}; and this
   * resource's own earlier runs, which are never the run it starts now.
   */
  static Set<String> trackedElsewhere(PineconeImport resource, ImportContext context) {
    Optional<String> host = IndexEndpoint.keyOf(resource.getSpec().getIndexHost());
    Set<String> ids = new HashSet<>();
    context
        .imports()
        .filter(
            other -> !Objects.equals(other.getMetadata().getUid(), resource.getMetadata().getUid()))
        .filter(
            other ->
                other.getSpec() != null
                    && host.isPresent()
                    && IndexEndpoint.keyOf(other.getSpec().getIndexHost()).equals(host))
        .forEach(
            other -> StartPlan.startedHere(other.getSpec(), other.getStatus()).ifPresent(ids::add));
    var history = resource.getStatus() == null ? null : resource.getStatus().getHistory();
    if (history != null) {
      history.stream().map(r -> r.getImportId()).filter(Objects::nonNull).forEach(ids::add);
    }
    return ids;
  }
}
