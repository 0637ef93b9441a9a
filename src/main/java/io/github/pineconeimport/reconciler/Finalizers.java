package io.github.pineconeimport.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts our finalizer on and takes it off with one JSON Patch of {@code metadata.finalizers}, which
 * also sets the {@code resourceVersion} it was computed from, so the API server refuses it with 409
 * when anyone wrote the resource since (the list written as a whole would otherwise clobber another
 * controller's finalizer).
 *
 * <p>After a 409 the newer resource comes from the informer cache, never from a GET: the Role
 * grants no {@code get} on pineconeimports (JOSDK's own finalizer helpers read it again and are
 * refused there). A {@code kubectl delete --cascade=foreground} is such a writer: the garbage
 * collector changes the finalizers while we remove ours.
 */
final class Finalizers {

  /** Patches tried, each on a newer version from the cache, before the 409 is thrown. */
  static final int ATTEMPTS = 4;

  /** How long to wait for the cache to show the write that caused a 409. */
  static final Duration CACHE_WAIT = Duration.ofSeconds(2);

  private static final Duration CACHE_POLL = Duration.ofMillis(50);
  private static final ObjectMapper JSON = new ObjectMapper();

  private Finalizers() {}

  /** Adds {@code finalizer} unless present; returns the resource as stored. */
  static PineconeImport add(ImportContext context, PineconeImport resource, String finalizer) {
    return change(context, resource, finalizer, true);
  }

  /** Removes {@code finalizer} if present; returns the resource as stored. */
  static PineconeImport remove(ImportContext context, PineconeImport resource, String finalizer) {
    return change(context, resource, finalizer, false);
  }

  private static PineconeImport change(
      ImportContext context, PineconeImport resource, String finalizer, boolean add) {
    PineconeImport current = resource;
    for (int attempt = 1; ; attempt++) {
      if (current.hasFinalizer(finalizer) == add) {
        return current;
      }
      try {
        // on the resource itself: by name alone, Fabric8 would GET it first
        return context
            .client()
            .resource(current)
            .patch(PatchContext.of(PatchType.JSON), patch(current, finalizer, add));
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= ATTEMPTS) {
          throw e;
        }
        Optional<PineconeImport> newer = newerInCache(context, current);
        if (newer.isEmpty()) {
          throw e; // the cache has not seen the write that conflicted, or the resource is gone
        }
        // a copy: what comes next may write to it, and the cache's own object must stay as read
        current = context.client().getKubernetesSerialization().clone(newer.get());
      }
    }
  }

  /**
   * The JSON Patch that adds or removes {@code finalizer}, valid only on this resourceVersion. The
   * whole list is written ({@code add} replaces a member that exists): it applies to whatever the
   * server holds, where an index or a {@code test} would fail with 422 on a changed list, and the
   * resourceVersion then turns any change since the read into a 409.
   */
  static String patch(PineconeImport resource, String finalizer, boolean add) {
    List<String> finalizers = new ArrayList<>();
    if (resource.getMetadata().getFinalizers() != null) {
      finalizers.addAll(resource.getMetadata().getFinalizers());
    }
    finalizers.remove(finalizer);
    if (add) {
      finalizers.add(finalizer);
    }
    ArrayNode ops = JSON.createArrayNode();
    ops.addObject()
        .put("op", "replace")
        .put("path", "/metadata/resourceVersion")
        .put("value", resource.getMetadata().getResourceVersion());
    ArrayNode list =
        ops.addObject().put("op", "add").put("path", "/metadata/finalizers").putArray("value");
    finalizers.forEach(list::add);
    return ops.toString();
  }

  /** The same resource with another resourceVersion, once the informer cache shows one. */
  private static Optional<PineconeImport> newerInCache(
      ImportContext context, PineconeImport stale) {
    String uid = stale.getMetadata().getUid();
    String version = stale.getMetadata().getResourceVersion();
    long deadline = System.nanoTime() + CACHE_WAIT.toNanos();
    while (true) {
      Optional<PineconeImport> cached =
          context.imports().filter(r -> uid.equals(r.getMetadata().getUid())).findFirst();
      if (cached.isEmpty()) {
        return Optional.empty();
      }
      if (!Objects.equals(version, cached.get().getMetadata().getResourceVersion())) {
        return cached;
      }
      if (System.nanoTime() >= deadline) {
        return Optional.empty();
      }
      try {
        Thread.sleep(CACHE_POLL.toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }
}
