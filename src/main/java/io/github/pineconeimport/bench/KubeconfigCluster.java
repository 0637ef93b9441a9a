package io.github.pineconeimport.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.fake.FakeKubernetes;
import io.github.pineconeimport.fake.KubeRequestTally;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A real cluster from a kubeconfig (its current context unless one is named). The phase gets a
 * fresh namespace; the CRD is installed if the cluster lacks it. The API server is another
 * process, so requests are counted where they leave: an interceptor on every client this hands
 * out, the poller's and the harness's, as the mock counts every request it serves.
 */
final class KubeconfigCluster implements BenchCluster {

  static final String CRD_NAME = "pineconeimports." + PineconeImport.GROUP;

  private final Config config;
  private final KubeRequestTally tally = new KubeRequestTally();
  private final KubernetesClient client;
  private final String namespace;
  private final boolean crdCreated;

  private KubeconfigCluster(Config config) {
    this.config = config;
    this.client = newClient();
    this.namespace = "bench-" + Long.toString(System.currentTimeMillis(), 36)
        .toLowerCase(Locale.ROOT);
    this.crdCreated = ensureCrd();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
        .endMetadata().build()).create();
  }

  /** Connects with the kubeconfig's current context, or {@code context} when not null. */
  static KubeconfigCluster open(Path kubeconfig, String context) {
    try {
      return new KubeconfigCluster(Config.fromKubeconfig(context, Files.readString(kubeconfig),
          kubeconfig.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
    }
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public KubernetesClient newClient() {
    Interceptor counting = new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        var uri = request.uri();
        tally.count(request.method(),
            uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery());
      }
    };
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("bench-tally", counting))
        .build();
  }

  @Override
  public KubeRequestTally tally() {
    return tally;
  }

  /** True when it had to create the CRD (and so deletes it at the end). */
  private boolean ensureCrd() {
    var crds = client.apiextensions().v1().customResourceDefinitions();
    if (crds.withName(CRD_NAME).get() != null) {
      return false;
    }
    try (InputStream in = FakeKubernetes.class.getResourceAsStream(FakeKubernetes.CRD_RESOURCE)) {
      CustomResourceDefinition crd = crds.load(in).item();
      crds.resource(crd).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    crds.withName(CRD_NAME).waitUntilCondition(c -> c != null && c.getStatus() != null
        && c.getStatus().getConditions().stream().anyMatch(
            k -> "Established".equals(k.getType()) && "True".equals(k.getStatus())),
        1, TimeUnit.MINUTES);
    return true;
  }

  /**
   * Deletes the imports (their finalizers first: the operator is stopped by now and would never
   * remove them), the events, the Secret and the namespace, then the CRD if this run created it.
   */
  @Override
  public void close() {
    try {
      var imports = client.resources(PineconeImport.class).inNamespace(namespace);
      for (PineconeImport cr : imports.list().getItems()) {
        if (!cr.getMetadata().getFinalizers().isEmpty()) {
          imports.withName(cr.getMetadata().getName())
              .edit(r -> {
                r.getMetadata().setFinalizers(List.of());
                return r;
              });
        }
      }
      imports.delete();
      client.v1().events().inNamespace(namespace).delete();
      client.secrets().inNamespace(namespace).delete();
      client.namespaces().withName(namespace).delete();
      if (crdCreated) {
        client.apiextensions().v1().customResourceDefinitions().withName(CRD_NAME).delete();
      }
    } finally {
      client.close();
    }
  }
}
