package io.github.pineconeimport.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mock API server does not validate, so the schema rules are checked here: sample objects
 * against the generated openAPIV3Schema, with a maintained JSON-schema validator.
 */
class CrdSchemaTest {

  static final YAMLMapper YAML = new YAMLMapper();
  static JsonSchema schema;

  static final String GOOD =
      """
      apiVersion: pinecone.io/v1alpha1
      kind: PineconeImport
      metadata: {name: products-2024-08, namespace: ml}
      spec:
        indexHost: products-abc123.svc.aped-4627-b74a.pinecone.io
        importId: "101"
        apiKeySecretRef: {name: pinecone}
      """;

  @BeforeAll
  static void loadSchema() throws Exception {
    JsonNode crd = YAML.readTree(Path.of("crds/pineconeimports.pinecone.io-v1.yml").toFile());
    JsonNode openApi = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi);
  }

  static Set<ValidationMessage> validate(String yaml) throws Exception {
    return schema.validate(YAML.readTree(yaml));
  }

  static String withSpec(String field, String value) throws Exception {
    ObjectNode root = (ObjectNode) YAML.readTree(GOOD);
    ObjectNode spec = (ObjectNode) root.get("spec");
    if (field.contains(".")) {
      String[] parts = field.split("\\.");
      ObjectNode parent = (ObjectNode) spec.get(parts[0]);
      if (value == null) {
        parent.remove(parts[1]);
      } else {
        parent.put(parts[1], value);
      }
    } else if (value == null) {
      spec.remove(field);
    } else {
      spec.put(field, value);
    }
    return YAML.writeValueAsString(root);
  }

  @Test
  void theIssuesSampleIsValid() throws Exception {
    assertThat(validate(GOOD)).isEmpty();
  }

  /** Spec fields as users write them; RealServerCrdIT sends the same to a real server. */
  static Stream<Arguments> goodSpecs() {
    return Stream.of(
        arguments("indexHost", "https://products-abc123.svc.aped-4627-b74a.pinecone.io"),
        arguments("indexHost", "idx.pinecone.io:443"),
        arguments("indexHost", "127.0.0.1:8181"),
        arguments("pollInterval", "1s"),
        arguments("pollInterval", "2m"),
        arguments("pollInterval", "1m30s"),
        arguments("pineconeApiVersion", "2025-10"),
        arguments("apiKeySecretRef.key", "PINECONE_API_KEY"),
        arguments("importId", "9".repeat(1000)),
        arguments("importId", "imp-01.2:x_y~z"),
        arguments("importId", "..."),
        arguments("pollInterval", "24h"),
        arguments("pollInterval", "23h59m59s"));
  }

  /** Bad spec fields (null: the field is left out); the real server must refuse them too. */
  static Stream<Arguments> badSpecs() {
    return Stream.of(
        arguments("indexHost", null),
        arguments("indexHost", "http://idx.pinecone.io"),
        arguments("indexHost", "idx.pinecone.io/bulk/imports"),
        arguments("indexHost", ""),
        arguments("importId", ""),
        arguments("importId", "9".repeat(1001)),
        arguments("importId", "a/b"),
        arguments("importId", "101\nINFO forged log line"),
        arguments("importId", "101\u0000"),
        arguments("pollInterval", "9999999999999999h"),
        arguments("deletionPolicy", "Delete"),
        arguments("cancel", "soon"),
        arguments("apiKeySecretRef", null),
        arguments("pollInterval", "500ms"),
        arguments("pollInterval", "1.5s"),
        arguments("pollInterval", "soon"),
        arguments("pollInterval", "30"),
        arguments("pineconeApiVersion", "latest"),
        arguments("apiKeySecretRef.name", "Not_A_Name"),
        arguments("apiKeySecretRef.name", null),
        arguments("apiKeySecretRef.key", "has space"));
  }

  /**
   * Bad values only the API server refuses: its CEL rules, and a C1 control character, which the
   * offline check here reads differently after a YAML round trip. RealServerCrdIT sends them.
   */
  static Stream<Arguments> badSpecsOnTheServer() {
    return Stream.of(
        arguments("importId", "101\u0085"),
        arguments("pollInterval", "0s"),
        arguments("pollInterval", "0h0m0s"),
        arguments("pollInterval", "25h"),
        arguments("pollInterval", "24h0m1s"),
        arguments("pollInterval", "99h"),
        arguments("importId", "."),
        arguments("importId", ".."));
  }

  @ParameterizedTest(name = "{0} = {1} is accepted")
  @MethodSource("goodSpecs")
  void acceptsWhatUsersWrite(String field, String value) throws Exception {
    assertThat(validate(withSpec(field, value))).isEmpty();
  }

  @ParameterizedTest(name = "{0} = {1} is rejected")
  @MethodSource("badSpecs")
  void rejectsBadSpecs(String field, String value) throws Exception {
    assertThat(validate(withSpec(field, value))).isNotEmpty();
  }

  @Test
  void rejectsAnImportIdLongerThan1000() throws Exception {
    assertThat(validate(withSpec("importId", "9".repeat(1000)))).isEmpty();
    assertThat(validate(withSpec("importId", "9".repeat(1001)))).isNotEmpty();
  }

  /**
   * The source's own shape (required uri, its length, the errorMode enum); which of source and
   * importId is set, and the uri's scheme, are CEL rules the API server checks (CelRulesIT).
   */
  @Test
  void aSourceNeedsAUriOfAtMost1500CharsAndAKnownErrorMode() throws Exception {
    String withSource =
        GOOD.replace(
            "importId: \"101\"",
            "source: {uri: \"s3://b/p/\", errorMode: Abort, integrationId: \"0a1b\"}");
    assertThat(validate(withSource)).isEmpty();
    assertThat(validate(withSource.replace("errorMode: Abort", "errorMode: abort"))).isNotEmpty();
    assertThat(validate(withSource.replace("uri: \"s3://b/p/\", ", ""))).isNotEmpty();
    assertThat(validate(withSource.replace("s3://b/p/", "s3://b/" + "p".repeat(1500))))
        .isNotEmpty();
  }

  @Test
  void everyExampleImportIsValid() throws Exception {
    for (String file : io.github.pineconeimport.demo.Demo.EXAMPLES) {
      for (JsonNode doc :
          YAML.readValues(
                  YAML.getFactory().createParser(Path.of("deploy/examples", file).toFile()),
                  JsonNode.class)
              .readAll()) {
        if ("PineconeImport".equals(doc.path("kind").asText())) {
          assertThat(schema.validate(doc)).as(file).isEmpty();
        }
      }
    }
  }

  @Test
  void defaultsAreDeclaredForTheApiServerToApply() throws Exception {
    JsonNode crd = YAML.readTree(Path.of("crds/pineconeimports.pinecone.io-v1.yml").toFile());
    JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");
    assertThat(spec.at("/pollInterval/default").asText()).isEqualTo("30s");
    // none for the API version: a stored default would pin every object to it for good
    assertThat(spec.at("/pineconeApiVersion").has("default")).isFalse();
    assertThat(spec.at("/pineconeApiVersion/pattern").asText()).isEqualTo("^[0-9]{4}-[0-9]{2}$");
    assertThat(spec.at("/apiKeySecretRef/properties/key/default").asText()).isEqualTo("apiKey");
  }
}
