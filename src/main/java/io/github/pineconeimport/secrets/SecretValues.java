package io.github.pineconeimport.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The values of the Secrets imports name, read by name with one GET and kept only while the
 * Secret's resourceVersion holds: a change or deletion seen by the metadata informer evicts the
 * value, and so does the last import that names it going away (checked when an import is deleted,
 * when a new value enters, and on every Secret event). Not on every read: whether a Secret is still
 * named costs a pass over the imports that name it, and a read per look made that pass the larger
 * part of a look's CPU with 1,000 imports on one Secret.
 *
 * <p>With a label selector set, a Secret is read only if the server confirms it carries the labels
 * (a metadata-only list by name and selector), so an unlabelled Secret's value never enters the
 * process even though RBAC would let the GET through.
 */
final class SecretValues {

  private record Entry(String resourceVersion, Secret secret) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final KubernetesClient client;
  private final KubernetesClient metadata;
  private final String labelSelector;
  private volatile Predicate<String> referenced = key -> true;

  /**
   * @param client reads values by name
   * @param metadata the metadata-only client, for the selector check
   * @param labelSelector empty when every Secret an import names may be read
   */
  SecretValues(KubernetesClient client, KubernetesClient metadata, String labelSelector) {
    this.client = client;
    this.metadata = metadata;
    this.labelSelector = labelSelector;
  }

  void referencedBy(Predicate<String> referenced) {
    this.referenced = referenced;
  }

  /**
   * The Secret, from the cache while {@code knownVersion} (what the informer last saw, empty when
   * it holds nothing) still matches, otherwise read from the server.
   */
  Optional<Secret> read(String namespace, String name, Optional<String> knownVersion) {
    String key = namespace + "/" + name;
    Entry cached = entries.get(key);
    if (cached != null && knownVersion.map(cached.resourceVersion()::equals).orElse(true)) {
      return Optional.of(cached.secret());
    }
    if (!selected(namespace, name)) {
      return Optional.empty();
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      entries.remove(key);
      return Optional.empty();
    }
    entries.put(key, new Entry(secret.getMetadata().getResourceVersion(), secret));
    // a new value: an import may have moved to it from one that nothing names now
    prune();
    return Optional.of(secret);
  }

  /** The version of the value held for this Secret, if any. */
  Optional<String> version(String key) {
    return Optional.ofNullable(entries.get(key)).map(Entry::resourceVersion);
  }

  /** The Secret is now at {@code resourceVersion}: a value of another version goes. */
  void keepOnly(String key, String resourceVersion) {
    entries.computeIfPresent(key, (k, e) -> e.resourceVersion().equals(resourceVersion) ? e : null);
    prune();
  }

  void forget(String key) {
    entries.remove(key);
    prune();
  }

  /** Drops the values no import names any more. */
  void prune() {
    entries.keySet().removeIf(referenced.negate());
  }

  int size() {
    return entries.size();
  }

  private boolean selected(String namespace, String name) {
    if (labelSelector.isEmpty()) {
      return true;
    }
    return !metadata
        .resources(SecretMetadata.class)
        .inNamespace(namespace)
        .withLabelSelector(labelSelector)
        .withField("metadata.name", name)
        .list()
        .getItems()
        .isEmpty();
  }
}
