package io.github.pineconeimport.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.pineconeimport.api.v1alpha1.ImportValidation;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.demo.Demo;
import io.github.pineconeimport.testing.RealKube;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD from crds/ as a real kube-apiserver serves it: what it accepts, what it refuses (and says
 * so naming the field), the defaults it fills in and the columns kubectl prints. The same samples
 * as {@link CrdSchemaTest}, which checks the schema offline.
 */
class RealServerCrdIT {

  static RealKube kube;
  static String namespace;

  @BeforeAll
  static void server() {
    kube = RealKube.get();
    namespace = kube.newNamespace("crd");
  }

  @Test
  void theCrdIsEstablishedAndDiscoverableByItsShortNames() {
    assertThat(kube.crd().getStatus().getConditions())
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    APIResource served =
        kube.client().getApiResources("pinecone.io/v1alpha1").getResources().stream()
            .filter(r -> r.getName().equals("pineconeimports"))
            .findFirst()
            .orElseThrow();
    assertThat(served.getShortNames()).containsExactlyInAnyOrder("pcimport", "pci");
    assertThat(served.getCategories()).containsExactly("pinecone");
    assertThat(served.getNamespaced()).isTrue();
  }

  @ParameterizedTest(name = "{0} = {1} is accepted")
  @MethodSource("io.github.pineconeimport.api.CrdSchemaTest#goodSpecs")
  void theServerAcceptsWhatUsersWrite(String field, String value) throws Exception {
    kube.client().resource(sample(CrdSchemaTest.withSpec(field, value))).dryRun().create();
  }

  @ParameterizedTest(name = "{0} = {1} is refused")
  @MethodSource({
    "io.github.pineconeimport.api.CrdSchemaTest#badSpecs",
    "io.github.pineconeimport.api.CrdSchemaTest#badSpecsOnTheServer"
  })
  void theServerRefusesBadSpecsNamingTheField(String field, String value) throws Exception {
    var bad = sample(CrdSchemaTest.withSpec(field, value));
    assertThatThrownBy(() -> kube.client().resource(bad).dryRun().create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage()).contains("spec." + field);
            });
  }

  @Test
  void everyExampleImportIsAccepted() throws Exception {
    int imports = 0;
    for (String file : Demo.EXAMPLES) {
      for (JsonNode doc :
          CrdSchemaTest.YAML
              .readValues(
                  CrdSchemaTest.YAML
                      .getFactory()
                      .createParser(Path.of("deploy/examples", file).toFile()),
                  JsonNode.class)
              .readAll()) {
        if ("PineconeImport".equals(doc.path("kind").asText())) {
          kube.client()
              .resource(sample(CrdSchemaTest.YAML.writeValueAsString(doc)))
              .dryRun()
              .create();
          imports++;
        }
      }
    }
    assertThat(imports).as("the five example imports").isEqualTo(5);
  }

  @Test
  void theServerFillsInTheDefaultsButNoApiVersionAndTheyShowOnReadBack() throws Exception {
    var sample = sample(CrdSchemaTest.GOOD);
    sample.getMetadata().setName("defaults");
    var created = kube.client().resource(sample).create();
    var read =
        kube.client()
            .resources(PineconeImport.class)
            .inNamespace(namespace)
            .withName(created.getMetadata().getName())
            .get();
    assertThat(read.getSpec().getApiKeySecretRef().getKey()).isEqualTo("apiKey");
    assertThat(read.getSpec().getPollInterval()).isEqualTo("30s");
    // no version frozen into the stored object: the operator's PINECONE_API_VERSION applies, and
    // a later release moves every unpinned import along
    assertThat(read.getSpec().getPineconeApiVersion()).isNull();
    var stored =
        kube.client()
            .genericKubernetesResources(PineconeImport.API_VERSION, PineconeImport.KIND)
            .inNamespace(namespace)
            .withName("defaults")
            .get();
    @SuppressWarnings("unchecked")
    var storedSpec = (java.util.Map<String, Object>) stored.getAdditionalProperties().get("spec");
    assertThat(storedSpec).containsKey("pollInterval").doesNotContainKey("pineconeApiVersion");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aPinnedApiVersionIsKeptAndOneCanBeRemovedWithAJsonPatch() throws Exception {
    var sample = sample(CrdSchemaTest.GOOD);
    sample.getMetadata().setName("pinned");
    ((java.util.Map<String, Object>) sample.getAdditionalProperties().get("spec"))
        .put("pineconeApiVersion", "2025-01");
    kube.client().resource(sample).create();
    var imports = kube.client().resources(PineconeImport.class).inNamespace(namespace);
    assertThat(imports.withName("pinned").get().getSpec().getPineconeApiVersion())
        .isEqualTo("2025-01");
    // the upgrade note, as written in docs/reference.md: find the pinned ones, then unpin each
    assertThat(
            kubectl(
                "get",
                "pineconeimports",
                "-A",
                "-o",
                "jsonpath={range .items[?(@.spec.pineconeApiVersion==\"2025-01\")]}"
                    + "{.metadata.namespace}{\" \"}{.metadata.name}{\"\\n\"}{end}"))
        .contains(namespace + " pinned")
        .noneMatch(line -> line.endsWith(" defaults"));
    kubectl(
        "patch",
        "pineconeimport",
        "pinned",
        "-n",
        namespace,
        "--type=json",
        "-p",
        "[{\"op\":\"remove\",\"path\":\"/spec/pineconeApiVersion\"}]");
    assertThat(imports.withName("pinned").get().getSpec().getPineconeApiVersion()).isNull();
  }

  @Test
  void kubectlGetPrintsTheColumnsAsServed() throws Exception {
    var sample = sample(CrdSchemaTest.GOOD);
    sample.getMetadata().setName("columns");
    kube.client().resource(sample).create();
    var cr =
        kube.client()
            .resources(PineconeImport.class)
            .inNamespace(namespace)
            .withName("columns")
            .get();
    var status = new PineconeImportStatus();
    status.setImportId("101");
    status.setPhase("InProgress");
    status.setPercentComplete(42.2);
    status.setEstimatedCompletionTime("2026-01-01T01:00:00Z");
    status.setRecordsImported(1000000L);
    status.setValidationResult(new ImportValidation(999990L, 10L));
    status.setPineconeApiVersion("2026-04");
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("False")
                .withReason("ImportInProgress")
                .withMessage("Import is 42.2% complete")
                .withLastTransitionTime("2026-01-01T00:00:00Z")
                .build()));
    cr.setStatus(status);
    kube.client().resource(cr).updateStatus();

    // the schema keeps what the operator writes (a field it lacked would be pruned)
    var readBack =
        kube.client()
            .resources(PineconeImport.class)
            .inNamespace(namespace)
            .withName("columns")
            .get()
            .getStatus();
    assertThat(readBack.getPineconeApiVersion()).isEqualTo("2026-04");
    assertThat(readBack.getValidationResult()).isEqualTo(new ImportValidation(999990L, 10L));
    List<String> table = kubectl("get", "pci", "-n", namespace, "columns");
    assertThat(table.get(0).split("\\s+"))
        .containsExactly("NAME", "STATUS", "PROGRESS", "RECORDS", "READY", "AGE");
    assertThat(table.get(1).split("\\s+"))
        .startsWith("columns", "InProgress", "42.2", "1000000", "False");
    List<String> wide = kubectl("get", "pci", "-n", namespace, "columns", "-o", "wide");
    assertThat(wide.get(0).split("\\s{2,}"))
        .containsExactly(
            "NAME",
            "STATUS",
            "PROGRESS",
            "RECORDS",
            "READY",
            "AGE",
            "IMPORT ID",
            "ETA",
            "INVALID",
            "HOST",
            "MESSAGE");
    assertThat(wide.get(1).split("\\s{2,}"))
        .endsWith(
            "101",
            "2026-01-01T01:00:00Z",
            "10",
            "products-abc123.svc.aped-4627-b74a.pinecone.io",
            "Import is 42.2% complete");
  }

  /** The YAML sample as an object in the test's namespace. */
  private static GenericKubernetesResource sample(String yaml) {
    var o = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    o.getMetadata().setNamespace(namespace);
    return o;
  }

  private static List<String> kubectl(String... args) {
    var result = kube.kubectl().run(Path.of("."), args);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout().lines().toList();
  }
}
