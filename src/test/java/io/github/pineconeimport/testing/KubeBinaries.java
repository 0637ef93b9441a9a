package io.github.pineconeimport.testing;

import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.binary.Binaries;
import io.fabric8.kubeapitest.binary.BinaryManager;
import java.util.Map;

/**
 * The kube-apiserver, etcd and kubectl binaries, found (or downloaded) exactly the way
 * kube-api-test finds them, so kubectl is the one built with the API server the tests run.
 */
public final class KubeBinaries {

  /** What a developer reads when neither local binaries nor a download are available. */
  static String howToGetThem(String testDir) {
    return "Kubernetes test binaries (kube-apiserver, etcd, kubectl) are not under "
        + testDir
        + "/k8s and kube-api-test could not download them: run ../shared/kube-api-test/install,"
        + " or allow kube-api-test to download them (internet access)";
  }

  private static volatile Binaries found;

  private KubeBinaries() {}

  /** Resolves the binaries for this configuration; one clear line when there are none. */
  static synchronized Binaries resolve(KubeAPIServerConfig config) {
    if (found == null) {
      var manager = new BinaryManager(config);
      try {
        manager.initAndDownloadIfRequired();
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            howToGetThem(config.getKubeAPITestDir()) + " (" + e.getMessage() + ")", e);
      }
      found = manager.binaries();
    }
    return found;
  }

  /** kubectl with no cluster: for what it does offline, such as {@code kubectl kustomize}. */
  public static LocalTool kubectl() {
    return LocalTool.at(resolve(RealKube.configBuilder().build()).getKubectl().toPath(), Map.of());
  }
}
