package io.github.pineconeimport.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Wakes the imports that name a Secret when it is created, rotated or deleted, from a
 * metadata-only informer over Secrets (see {@link MetadataOnlyClient}), and hands out the values
 * of exactly those Secrets ({@link SecretValues}). No value of any other Secret enters the
 * process, and unrelated Secrets are not kept at all ({@link ReferencedSecretStore}).
 */
public final class SecretEventSource extends InformerEventSource<SecretMetadata, PineconeImport> {

  /** Lists page through Secrets so one answer never holds every Secret's metadata at once. */
  static final long LIST_PAGE = 500;

  private final KubernetesClient metadataClient;
  private final SecretValues values;

  private SecretEventSource(InformerEventSourceConfiguration<SecretMetadata> configuration,
      EventSourceContext<PineconeImport> context, KubernetesClient metadataClient,
      SecretValues values) {
    super(configuration, context);
    this.metadataClient = metadataClient;
    this.values = values;
  }

  /**
   * @param importsNaming the imports (by namespace/name key of the Secret) that name a Secret
   * @param labelSelector empty, or only Secrets with these labels are watched and read
   */
  public static SecretEventSource create(EventSourceContext<PineconeImport> context,
      Function<String, Set<ResourceID>> importsNaming, String labelSelector) {
    KubernetesClient metadataClient = MetadataOnlyClient.from(context.getClient());
    var values = new SecretValues(context.getClient(), metadataClient, labelSelector);
    values.referencedBy(key -> !importsNaming.apply(key).isEmpty());
    var builder = InformerEventSourceConfiguration.from(SecretMetadata.class, PineconeImport.class)
        .withKubernetesClient(metadataClient)
        .withItemStore(new ReferencedSecretStore(key -> !importsNaming.apply(key).isEmpty(),
            values))
        .withInformerListLimit(LIST_PAGE)
        .withSecondaryToPrimaryMapper(secret -> importsNaming.apply(key(
            secret.getMetadata().getNamespace(), secret.getMetadata().getName())))
        .withPrimaryToSecondaryMapper((PineconeImport cr) -> secretOf(cr)
            .map(name -> Set.of(new ResourceID(name, cr.getMetadata().getNamespace())))
            .orElse(Set.of()))
        .withNamespacesInheritedFromController();
    if (!labelSelector.isEmpty()) {
      builder.withLabelSelector(labelSelector);
    }
    return new SecretEventSource(builder.build(), context, metadataClient, values);
  }

  /** The event source registered for this controller. */
  public static SecretEventSource in(Context<PineconeImport> context) {
    return (SecretEventSource) context.eventSourceRetriever()
        .getEventSourceFor(SecretMetadata.class);
  }

  /** The Secret an import names, with its value; empty when it is missing or not selected. */
  public Optional<Secret> read(String namespace, String name) {
    return values.read(namespace, name, knownVersion(namespace, name));
  }

  /**
   * The Secret's resourceVersion as last seen (informer or value cache), "" when unknown: a
   * change of it lets an early wake-up through to Pinecone.
   */
  public String version(String namespace, String name) {
    return knownVersion(namespace, name)
        .or(() -> values.version(key(namespace, name)))
        .orElse("");
  }

  /** How many Secret values the operator holds right now. */
  public int valuesHeld() {
    return values.size();
  }

  private Optional<String> knownVersion(String namespace, String name) {
    return get(new ResourceID(name, namespace)).map(s -> s.getMetadata().getResourceVersion());
  }

  public static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** The Secret an import names, if it names one. */
  public static Optional<String> secretOf(PineconeImport cr) {
    var ref = cr.getSpec() == null ? null : cr.getSpec().getApiKeySecretRef();
    return ref == null || ref.getName() == null || ref.getName().isBlank()
        ? Optional.empty() : Optional.of(ref.getName());
  }

  @Override
  public synchronized void stop() {
    try {
      super.stop();
    } finally {
      metadataClient.close();
    }
  }
}
