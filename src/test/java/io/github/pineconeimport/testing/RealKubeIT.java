package io.github.pineconeimport.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The shared real API server does what the other real-server tests rely on. */
class RealKubeIT {

  final RealKube kube = RealKube.get();

  @Test
  void theCrdFromCrdsIsEstablished() {
    assertThat(kube.crd().getMetadata().getName()).isEqualTo("pineconeimports.pinecone.io");
    assertThat(kube.crd().getStatus().getConditions())
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Test
  void kubectlFromTheSameBinariesTalksToTheServer() {
    var result =
        kube.kubectl().run(Path.of("."), "get", "crd", "pineconeimports.pinecone.io", "-o", "name");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout().trim())
        .isEqualTo("customresourcedefinition.apiextensions.k8s.io/pineconeimports.pinecone.io");
    assertThat(kube.kubectlBinary().getParent().resolve("kube-apiserver")).exists();
  }

  @Test
  void theAuditLogRecordsEachRequestWithItsVerbAndUser() {
    String ns = kube.newNamespace("audit");
    kube.client()
        .configMaps()
        .inNamespace(ns)
        .resource(new ConfigMapBuilder().withNewMetadata().withName("one").endMetadata().build())
        .create();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> kube.audit().count(ns, "create", "configmaps") == 1);
    var entry = kube.audit().entries(ns, e -> e.on("configmaps")).get(0);
    assertThat(entry.name()).isEqualTo("one");
    assertThat(entry.code()).isEqualTo(201);
    assertThat(entry.user()).isNotBlank();
  }

  @Test
  void rbacIsEnforcedForAServiceAccountWithNoRole() {
    String ns = kube.newNamespace("rbac");
    try (var nobody = kube.clientAs(ns, "nobody")) {
      assertThatThrownBy(() -> nobody.configMaps().inNamespace(ns).list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                kube.audit()
                        .entries(
                            ns,
                            e ->
                                e.code() == 403
                                    && e.actingUser()
                                        .equals("system:serviceaccount:" + ns + ":nobody"))
                        .size()
                    == 1);
  }
}
