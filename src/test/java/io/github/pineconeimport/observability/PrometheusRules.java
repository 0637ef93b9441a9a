package io.github.pineconeimport.observability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Prometheus rules file ({@code groups:}), or the {@code spec} of a PrometheusRule. */
record PrometheusRules(Map<String, Object> groups) {

  /** The single source of the alert rules; the PrometheusRule copies are checked against it. */
  static final Path RULES_FILE =
      Path.of("deploy/observability/rules/pinecone-import-operator.rules.yaml");

  /** One alerting rule. */
  record Rule(
      String group,
      String name,
      String expr,
      String forDuration,
      Map<String, String> labels,
      Map<String, String> annotations) {}

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @SuppressWarnings("unchecked")
  static PrometheusRules load(Path file) {
    try {
      return new PrometheusRules(YAML.readValue(file.toFile(), Map.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    for (var group : (List<Map<String, Object>>) groups.get("groups")) {
      for (var r : (List<Map<String, Object>>) group.get("rules")) {
        rules.add(
            new Rule(
                (String) group.get("name"),
                (String) r.get("alert"),
                (String) r.get("expr"),
                (String) r.get("for"),
                (Map<String, String>) r.getOrDefault("labels", Map.of()),
                (Map<String, String>) r.getOrDefault("annotations", Map.of())));
      }
    }
    return rules;
  }
}
