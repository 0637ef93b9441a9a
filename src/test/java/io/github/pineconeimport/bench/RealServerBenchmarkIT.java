package io.github.pineconeimport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.testing.RealKube;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench --kubeconfig FILE} on a real kube-apiserver + etcd: the same invariants with the API
 * server in another process, where requests are counted as the bench's clients send them.
 */
class RealServerBenchmarkIT extends BenchInvariants {

  @Override
  BenchOptions options(Path out) {
    return new BenchOptions(
            List.of(20), Profile.smoke(), out, Duration.ofMinutes(2), 4, true, false)
        .on(RealKube.get().kubeconfig(), null);
  }

  @Test
  void eachPhaseRanInANamespaceOfItsOwnAndDeletedWhatItCreated() {
    var client = RealKube.get().client();
    var benchNamespaces =
        client.namespaces().list().getItems().stream()
            .filter(ns -> ns.getMetadata().getName().startsWith("bench-"))
            .toList();
    // one per phase; without a namespace controller they stay Terminating, but empty
    assertThat(benchNamespaces)
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(ns -> assertThat(ns.getMetadata().getDeletionTimestamp()).isNotNull());
    assertThat(benchNamespaces)
        .allSatisfy(
            ns -> {
              String name = ns.getMetadata().getName();
              assertThat(client.resources(PineconeImport.class).inNamespace(name).list().getItems())
                  .isEmpty();
              assertThat(client.secrets().inNamespace(name).list().getItems()).isEmpty();
            });
    // the CRD was there already (RealKube installs it) and is left alone
    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(KubeconfigCluster.CRD_NAME)
                .get())
        .isNotNull();
  }

  @Test
  void countsTheOperatorsRequestsToTheApiServerByCall() {
    assertThat(ours.kubernetes().byCall())
        .containsKey(
            "PATCH /apis/pinecone.io/v1alpha1/namespaces/{name}/pineconeimports/{name}/status");
    assertThat(ours.kubernetes().requests()).isGreaterThan(ours.kubernetes().statusWrites());
  }
}
