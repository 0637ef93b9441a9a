package io.github.pineconeimport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.fake.Scenario;
import io.github.pineconeimport.fake.StartRules;
import io.github.pineconeimport.pinecone.ApiVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The examples users copy: they start imports from uris that Pinecone takes at the API version each
 * one names, one still tracks an import by ID, and the demo's fake has a script for every uri they
 * start from.
 */
class ExampleStartsTest {

  record Example(String file, String uri, String importId, String apiVersion) {}

  @Test
  void everyStartUsesAUriItsApiVersionTakes() throws IOException {
    assertThat(examples())
        .filteredOn(e -> e.uri() != null)
        .hasSizeGreaterThanOrEqualTo(4)
        .allSatisfy(
            e ->
                assertThat(StartRules.uriProblem(e.uri(), e.apiVersion()))
                    .as("%s at %s", e.file(), e.apiVersion())
                    .isEmpty());
  }

  @Test
  void oneExampleStillTracksAnImportStartedElsewhere() throws IOException {
    assertThat(examples())
        .filteredOn(e -> e.importId() != null)
        .extracting(Example::file)
        .containsExactly("catalog-import.yaml");
  }

  @Test
  void theDemoFakeScriptsEveryUriTheExamplesStartFrom() throws IOException {
    List<String> uris =
        examples().stream()
            .filter(e -> e.file().matches("[a-z-]+\\.yaml"))
            .map(Example::uri)
            .filter(u -> u != null)
            .toList();
    assertThat(Scenario.demo(1).starts().byUri()).containsOnlyKeys(uris);
  }

  @Test
  void theGitOpsExampleStartsAnImport() throws IOException {
    assertThat(read(Path.of("deploy/examples/gitops/import/pineconeimport.yaml")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.uri()).startsWith("s3://");
              assertThat(e.importId()).isNull();
            });
  }

  private static List<Example> examples() throws IOException {
    List<Example> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("deploy/examples"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        all.addAll(read(file));
      }
    }
    all.addAll(read(Path.of("deploy/examples/gitops/import/pineconeimport.yaml")));
    return all;
  }

  private static List<Example> read(Path file) {
    String name =
        file.startsWith("deploy/examples/gitops")
            ? "gitops/" + file.getFileName()
            : file.getFileName().toString();
    return Manifests.load(file).stream()
        .filter(PineconeImport.class::isInstance)
        .map(o -> ((PineconeImport) o).getSpec())
        .map(
            spec ->
                new Example(
                    name,
                    spec.getSource() == null ? null : spec.getSource().getUri(),
                    spec.getImportId(),
                    spec.getPineconeApiVersion() == null
                        ? ApiVersion.NEWEST_TESTED
                        : spec.getPineconeApiVersion()))
        .toList();
  }
}
