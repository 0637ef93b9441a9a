package io.github.pineconeimport.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Build step run right after Fabric8's CRD generator: the generator sorts printer columns by JSON
 * path, which would put AGE first; kubectl shows them in list order, so we put them in the order a
 * person reads them.
 */
public final class CrdColumnOrder {

  /** Column names in the order kubectl should show them; unknown names go last. */
  public static final List<String> ORDER =
      List.of(
          "Status",
          "Progress",
          "Records",
          "Ready",
          "Age",
          "Import ID",
          "ETA",
          "Invalid",
          "Host",
          "Message");

  private CrdColumnOrder() {}

  public static void main(String[] args) throws IOException {
    for (String file : args) {
      Path path = Path.of(file);
      Files.writeString(path, reorder(Files.readString(path)));
    }
  }

  static String reorder(String crdYaml) throws IOException {
    var mapper =
        new YAMLMapper(
            YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build());
    JsonNode root = mapper.readTree(crdYaml);
    for (JsonNode version : root.path("spec").path("versions")) {
      JsonNode columns = version.path("additionalPrinterColumns");
      if (!columns.isArray()) {
        continue;
      }
      List<JsonNode> sorted = new ArrayList<>();
      columns.forEach(sorted::add);
      sorted.sort(Comparator.comparingInt(CrdColumnOrder::rank));
      ArrayNode reordered = mapper.createArrayNode().addAll(sorted);
      ((ObjectNode) version).set("additionalPrinterColumns", reordered);
    }
    return "# Generated from the Java types in src/main/java/.../api/v1alpha1 by Fabric8's CRD\n"
        + "# generator; do not edit. Refresh with: mvn -Pupdate-crds process-classes\n"
        + mapper.writeValueAsString(root);
  }

  private static int rank(JsonNode column) {
    int i = ORDER.indexOf(column.path("name").asText());
    return i < 0 ? ORDER.size() : i;
  }
}
