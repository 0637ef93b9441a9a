package io.github.pineconeimport.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.pinecone.ApiKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The API keys imports name, read by name with one GET and kept only while the Secret's
 * resourceVersion holds: a change or deletion seen by the metadata informer evicts the value, and
 * so does the last import that names it going away (checked when an import is deleted, when a new
 * value enters, and on every Secret event). Not on every read: whether a Secret is still named
 * costs a pass over the imports that name it, and a read per poll made that pass the larger part of
 * a poll's CPU with 1,000 imports on one Secret.
 *
 * <p>Of a Secret only the named keys' values are kept, decoded once, and its allowed-hosts
 * annotation; the rest of the answer (other keys, other annotations) is dropped as soon as it is
 * read.
 *
 * <p>With a label selector set, a Secret is read only if the server confirms it carries the labels
 * (a metadata-only list by name and selector, which returns nothing of an unlabelled one), so an
 * unlabelled Secret's value never enters the process even though RBAC would let the GET through.
 * Whether an unlabelled one exists is asked without receiving it ({@link SecretPresence}).
 */
final class SecretValues {

  /** One Secret at one resourceVersion: the values of the keys asked for so far. */
  private record Entry(
      String resourceVersion, Map<String, Optional<ApiKey>> keys, Optional<String> allowedHosts) {

    Entry with(String key, Optional<ApiKey> value) {
      Map<String, Optional<ApiKey>> more = new HashMap<>(keys);
      more.put(key, value);
      return new Entry(resourceVersion, Map.copyOf(more), allowedHosts);
    }
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final KubernetesClient client;
  private final KubernetesClient metadata;
  private final String labelSelector;
  private final SecretPresence presence;
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
    this.presence = new SecretPresence(client);
  }

  void referencedBy(Predicate<String> referenced) {
    this.referenced = referenced;
  }

  /**
   * The named key of the Secret, from the cache while {@code knownVersion} (what the informer last
   * saw, empty when it holds nothing) still matches, otherwise read from the server.
   */
  SecretLookup read(String namespace, String name, String dataKey, Optional<String> knownVersion) {
    String key = namespace + "/" + name;
    Entry cached = entries.get(key);
    if (cached != null
        && knownVersion.map(cached.resourceVersion()::equals).orElse(true)
        && cached.keys().containsKey(dataKey)) {
      return new SecretLookup.Found(cached.keys().get(dataKey), cached.allowedHosts());
    }
    if (!selected(namespace, name)) {
      entries.remove(key);
      return presence.exists(namespace, name)
          ? new SecretLookup.NotSelected()
          : new SecretLookup.NotFound();
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      entries.remove(key);
      return new SecretLookup.NotFound();
    }
    String version = secret.getMetadata().getResourceVersion();
    SecretLookup.Found found = SecretLookup.of(secret, dataKey);
    Optional<ApiKey> value = found.key();
    Optional<String> allowedHosts = found.allowedHosts();
    Entry next =
        cached != null && cached.resourceVersion().equals(version)
            ? cached.with(dataKey, value)
            : new Entry(version, Map.of(dataKey, value), allowedHosts);
    entries.put(key, next);
    // a new value: an import may have moved to it from one that nothing names now
    prune();
    return new SecretLookup.Found(value, allowedHosts);
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
