package io.github.pineconeimport.secrets;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Wakes the imports that name a Secret when it is created, rotated or deleted, from a metadata-only
 * informer over Secrets (see {@link MetadataOnlyClient}), and hands out the values of exactly those
 * Secrets ({@link SecretValues}). No value of any other Secret enters the process, and nothing of
 * an unrelated Secret is kept ({@link ReferencedSecretStore}).
 *
 * <p>The informer watches only the Secrets that match the operator's label selector (by default
 * {@code pinecone.io/api-key=true}, which a Secret's owner sets to opt in), so nothing of any other
 * Secret, not even its metadata, reaches the process: a Secret written with client-side {@code
 * kubectl apply} carries its whole manifest, values included, in an annotation.
 *
 * <p>Fabric8's informer is used directly rather than through JOSDK's InformerEventSource only to
 * drop the informer's namespace index, which would otherwise keep one key per Secret in the
 * cluster; JOSDK does not expose it. Its health feeds JOSDK's (and so {@code /readyz}) the same
 * way: unhealthy while a watch is down.
 */
public final class SecretEventSource extends AbstractEventSource<SecretMetadata, PineconeImport>
    implements ResourceEventHandler<SecretMetadata> {

  /** Lists page through Secrets so one answer never holds every Secret's metadata at once. */
  static final long LIST_PAGE = 500;

  static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);

  private final KubernetesClient metadataClient;
  private final Set<String> namespaces;
  private final Function<String, Set<ResourceID>> importsNaming;
  private final String labelSelector;
  private final SecretValues values;
  private final ReferencedSecretStore store;
  private final List<SharedIndexInformer<SecretMetadata>> informers = new ArrayList<>();

  private SecretEventSource(
      KubernetesClient metadataClient,
      Set<String> namespaces,
      Function<String, Set<ResourceID>> importsNaming,
      String labelSelector,
      SecretValues values) {
    super(SecretMetadata.class, "secrets");
    this.metadataClient = metadataClient;
    this.namespaces = namespaces;
    this.importsNaming = importsNaming;
    this.labelSelector = labelSelector;
    this.values = values;
    values.referencedBy(this::referenced);
    this.store = new ReferencedSecretStore(this::referenced, values);
  }

  /**
   * @param importsNaming the imports that name the Secret with this namespace/name key
   * @param labelSelector empty, or only Secrets with these labels are watched and read
   */
  public static SecretEventSource create(
      EventSourceContext<PineconeImport> context,
      Function<String, Set<ResourceID>> importsNaming,
      String labelSelector) {
    KubernetesClient metadataClient = MetadataOnlyClient.from(context.getClient());
    var controller = context.getControllerConfiguration();
    return new SecretEventSource(
        metadataClient,
        controller.getInformerConfig().getEffectiveNamespaces(controller),
        importsNaming,
        labelSelector,
        new SecretValues(context.getClient(), metadataClient, labelSelector));
  }

  /** The event source registered for this controller. */
  public static SecretEventSource in(Context<PineconeImport> context) {
    return (SecretEventSource)
        context.eventSourceRetriever().getEventSourceFor(SecretMetadata.class);
  }

  @Override
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    var secrets = metadataClient.resources(SecretMetadata.class);
    List<String> scopes =
        InformerConfiguration.allNamespacesWatched(namespaces)
            ? java.util.Collections.singletonList(null)
            : List.copyOf(namespaces);
    for (String namespace : scopes) {
      var scoped = namespace == null ? secrets.inAnyNamespace() : secrets.inNamespace(namespace);
      var selected = labelSelector.isEmpty() ? scoped : scoped.withLabelSelector(labelSelector);
      SharedIndexInformer<SecretMetadata> informer =
          selected.withLimit(LIST_PAGE).runnableInformer(0);
      informer.removeIndexer(Cache.NAMESPACE_INDEX);
      informer.itemStore(store);
      informer.addEventHandler(this);
      informers.add(informer);
    }
    for (var informer : informers) {
      try {
        informer.start().toCompletableFuture().get(SYNC_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new OperatorException("Secret metadata informer did not sync", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OperatorException("Interrupted while starting the Secret informer", e);
      }
    }
    super.start();
  }

  @Override
  public synchronized void stop() {
    try {
      informers.forEach(SharedIndexInformer::close);
      informers.clear();
      super.stop();
    } finally {
      metadataClient.close();
    }
  }

  /** Healthy while every Secret watch is connected; a lost API server shows here. */
  @Override
  public Status getStatus() {
    return !informers.isEmpty()
            && informers.stream().allMatch(i -> i.isRunning() && i.hasSynced() && i.isWatching())
        ? Status.HEALTHY
        : Status.UNHEALTHY;
  }

  @Override
  public void onAdd(SecretMetadata secret) {
    wake(secret);
  }

  @Override
  public void onUpdate(SecretMetadata before, SecretMetadata after) {
    if (!Objects.equals(
        before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
      wake(after);
    }
  }

  @Override
  public void onDelete(SecretMetadata secret, boolean finalStateUnknown) {
    wake(secret);
  }

  private void wake(SecretMetadata secret) {
    importsNaming
        .apply(key(secret.getMetadata().getNamespace(), secret.getMetadata().getName()))
        .forEach(id -> getEventHandler().handleEvent(new Event(id)));
  }

  @Override
  public Set<SecretMetadata> getSecondaryResources(PineconeImport cr) {
    return secretOf(cr)
        .map(name -> store.get(key(cr.getMetadata().getNamespace(), name)))
        .map(Set::of)
        .orElse(Set.of());
  }

  /** The one key an import names of a Secret, or why it cannot have it. */
  public SecretLookup read(String namespace, String name, String dataKey) {
    return values.read(namespace, name, dataKey, knownVersion(namespace, name));
  }

  /**
   * The Secret's resourceVersion as last seen (informer or value cache), "" when unknown: a change
   * of it lets an early wake-up through to Pinecone.
   */
  public String version(String namespace, String name) {
    return knownVersion(namespace, name).or(() -> values.version(key(namespace, name))).orElse("");
  }

  /** An import is gone: the value of a Secret it alone named goes with it. */
  public void importDeleted() {
    values.prune();
  }

  /** How many Secret values the operator holds right now. */
  public int valuesHeld() {
    return values.size();
  }

  private Optional<String> knownVersion(String namespace, String name) {
    return Optional.ofNullable(store.get(key(namespace, name)))
        .map(s -> s.getMetadata().getResourceVersion());
  }

  private boolean referenced(String key) {
    return !importsNaming.apply(key).isEmpty();
  }

  public static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** The Secret an import names, if it names one. */
  public static Optional<String> secretOf(PineconeImport cr) {
    var ref = cr.getSpec() == null ? null : cr.getSpec().getApiKeySecretRef();
    return ref == null || ref.getName() == null || ref.getName().isBlank()
        ? Optional.empty()
        : Optional.of(ref.getName());
  }
}
