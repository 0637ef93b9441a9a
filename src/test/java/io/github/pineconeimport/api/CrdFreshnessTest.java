package io.github.pineconeimport.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed crds/ must be what the Java types generate: kubectl apply -f crds/ ships it, and
 * deploy/ and the Helm chart ship copies of it.
 */
class CrdFreshnessTest {

  static final Path COMMITTED = Path.of("crds/pineconeimports.pinecone.io-v1.yml");
  static final Path GENERATED =
      Path.of("target/classes/META-INF/fabric8/pineconeimports.pinecone.io-v1.yml");

  @Test
  void committedCrdMatchesTheGeneratedOne() throws Exception {
    assertThat(Files.readString(COMMITTED))
        .as("crds/ is stale: run  mvn -Pupdate-crds process-classes  and commit crds/")
        .isEqualTo(Files.readString(GENERATED));
  }

  /**
   * -Pupdate-crds copies every generated file into crds/, which `kubectl apply -f crds/` applies:
   * the generator must make our CRD and nothing else (SecretMetadata is a CustomResource type too).
   */
  @Test
  void theGeneratorMakesOurCrdOnly() throws Exception {
    try (var files = Files.list(GENERATED.getParent())) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactly(GENERATED.getFileName().toString());
    }
  }

  /** kustomize and Helm each need the CRD inside their own folder, so they ship copies. */
  @Test
  void theCopiesForKustomizeAndHelmAreTheCommittedCrd() throws Exception {
    for (Path copy :
        List.of(Path.of("deploy/crds"), Path.of("deploy/helm/pinecone-import-operator/crds"))) {
      assertThat(Files.readString(copy.resolve(COMMITTED.getFileName())))
          .as("%s is a copy of crds/: run  mvn -Pupdate-crds process-classes  and commit it", copy)
          .isEqualTo(Files.readString(COMMITTED));
    }
  }

  @Test
  void printerColumnsReadLikeTheIssueSays() throws Exception {
    var crd = Serialization.unmarshal(Files.readString(COMMITTED), CustomResourceDefinition.class);
    var version = crd.getSpec().getVersions().get(0);
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(
            CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getPriority)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Status", 0),
            org.assertj.core.groups.Tuple.tuple("Progress", 0),
            org.assertj.core.groups.Tuple.tuple("Records", 0),
            org.assertj.core.groups.Tuple.tuple("Ready", 0),
            org.assertj.core.groups.Tuple.tuple("Age", 0),
            org.assertj.core.groups.Tuple.tuple("Import ID", 1),
            org.assertj.core.groups.Tuple.tuple("ETA", 1),
            org.assertj.core.groups.Tuple.tuple("Invalid", 1),
            org.assertj.core.groups.Tuple.tuple("Host", 1),
            org.assertj.core.groups.Tuple.tuple("Message", 1));
    assertThat(version.getAdditionalPrinterColumns())
        .filteredOn(c -> c.getName().equals("Import ID"))
        .singleElement()
        .satisfies(c -> assertThat(c.getJsonPath()).isEqualTo(".status.importId"));
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("pcimport", "pci");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("pinecone");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
  }
}
