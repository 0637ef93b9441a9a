package io.github.pineconeimport.secrets;

import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The Secret informer's store: it keeps the slim metadata of the Secrets some import names and
 * nothing of the others, so ten thousand unrelated Secrets cost no memory beyond the moment their
 * event passes. Every change it hears about also evicts a cached value that no longer matches.
 *
 * <p>Not a full-state store: Fabric8 then holds back add notifications for unstored Secrets, and a
 * Secret an import starts naming later is read on demand by {@link SecretValues} until its next
 * event brings it in here.
 */
final class ReferencedSecretStore implements ItemStore<SecretMetadata> {

  private final Map<String, SecretMetadata> items = new ConcurrentHashMap<>();
  private final Predicate<String> referenced;
  private final SecretValues values;

  /**
   * @param referenced whether some import names the Secret with this namespace/name key
   */
  ReferencedSecretStore(Predicate<String> referenced, SecretValues values) {
    this.referenced = referenced;
    this.values = values;
  }

  @Override
  public String getKey(SecretMetadata secret) {
    return Cache.metaNamespaceKeyFunc(secret);
  }

  @Override
  public SecretMetadata put(String key, SecretMetadata secret) {
    values.keepOnly(key, secret.getMetadata().getResourceVersion());
    if (!referenced.test(key)) {
      return items.remove(key);
    }
    return items.put(key, SecretMetadata.slim(secret));
  }

  @Override
  public SecretMetadata remove(String key) {
    values.forget(key);
    return items.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<SecretMetadata> values() {
    return items.values().stream();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public SecretMetadata get(String key) {
    return items.get(key);
  }

  @Override
  public boolean isFullState() {
    return false;
  }
}
