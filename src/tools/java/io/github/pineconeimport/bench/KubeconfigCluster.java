package io.github.pineconeimport.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.github.pineconeimport.PineconeImportOperator;
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
 * fresh namespace; the CRD is installed once per run if the cluster lacks it ({@link #crdFor}). The
 * API server is another process, so requests are counted where they leave: an interceptor on every
 * client this hands out, the poller's and the harness's, as the mock counts every request it
 * serves.
 */
final class KubeconfigCluster implements BenchCluster {

  static final String CRD_NAME = "pineconeimports." + PineconeImport.GROUP;

  private final Config config;
  private final KubeRequestTally tally = new KubeRequestTally();
  private final KubernetesClient client;
  private final String namespace;

  private KubeconfigCluster(Config config) {
    this.config = config;
    this.client = newClient();
    this.namespace =
        "bench-" + Long.toString(System.currentTimeMillis(), 36).toLowerCase(Locale.ROOT);
    if (client.apiextensions().v1().customResourceDefinitions().withName(CRD_NAME).get() == null) {
      throw new IllegalStateException("the cluster has no " + CRD_NAME + " CRD: install it first");
    }
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  /** Connects with the kubeconfig's current context, or {@code context} when not null. */
  static KubeconfigCluster open(Path kubeconfig, String context) {
    return new KubeconfigCluster(config(kubeconfig, context));
  }

  private static Config config(Path kubeconfig, String context) {
    try {
      return Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
    }
  }

  /**
   * Installs the CRD for a whole bench run if the cluster lacks it; closing the result deletes it
   * again only if it was installed here. Once per run, not per phase: a deleted CRD terminates for
   * a while, and the next phase could not create it meanwhile.
   */
  static AutoCloseable crdFor(Path kubeconfig, String context) {
    var client = new KubernetesClientBuilder().withConfig(config(kubeconfig, context)).build();
    var crds = client.apiextensions().v1().customResourceDefinitions();
    if (crds.withName(CRD_NAME).get() != null) {
      client.close();
      return () -> {};
    }
    try (InputStream in = FakeKubernetes.class.getResourceAsStream(FakeKubernetes.CRD_RESOURCE)) {
      crds.resource(crds.load(in).item()).create();
    } catch (IOException e) {
      client.close();
      throw new UncheckedIOException(e);
    }
    crds.withName(CRD_NAME)
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            k -> "Established".equals(k.getType()) && "True".equals(k.getStatus())),
            1,
            TimeUnit.MINUTES);
    return () -> {
      try (client) {
        crds.withName(CRD_NAME).delete();
      }
    };
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
    Interceptor counting =
        new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            var uri = request.uri();
            tally.count(
                request.method(),
                uri.getRawQuery() == null
                    ? uri.getRawPath()
                    : uri.getRawPath() + "?" + uri.getRawQuery());
          }
        };
    // with the operator's own retry limit, so the operator keeps this client and its tally
    return new KubernetesClientBuilder()
        .withConfig(
            new io.fabric8.kubernetes.client.ConfigBuilder(config)
                .withRequestRetryBackoffLimit(PineconeImportOperator.REQUEST_RETRIES)
                .build())
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("bench-tally", counting))
        .build();
  }

  @Override
  public KubeRequestTally tally() {
    return tally;
  }

  /**
   * Deletes the imports (their finalizers first: the operator is stopped by now and would never
   * remove them), the events, the Secret and the namespace.
   */
  @Override
  public void close() {
    try {
      var imports = client.resources(PineconeImport.class).inNamespace(namespace);
      for (PineconeImport cr : imports.list().getItems()) {
        if (!cr.getMetadata().getFinalizers().isEmpty()) {
          imports
              .withName(cr.getMetadata().getName())
              .edit(
                  r -> {
                    r.getMetadata().setFinalizers(List.of());
                    return r;
                  });
        }
      }
      imports.delete();
      client.v1().events().inNamespace(namespace).delete();
      client.secrets().inNamespace(namespace).delete();
      client.namespaces().withName(namespace).delete();
    } finally {
      client.close();
    }
  }
}
