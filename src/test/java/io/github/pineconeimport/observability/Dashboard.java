package io.github.pineconeimport.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard JSON, and the PromQL in it. */
record Dashboard(JsonNode json) {

  static final Path FILE = Path.of("deploy/observability/dashboards/pinecone-import-operator.json");

  /** One query: a panel target or a template variable's query. */
  record Query(String title, String expr) {}

  private static final Pattern LABEL_VALUES =
      Pattern.compile(
          "label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*([a-zA-Z_]\\w*)\\s*\\)");

  static Dashboard load(Path file) {
    try {
      return new Dashboard(new ObjectMapper().readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode p : json.get("panels")) {
      panels.add(p);
      if (p.has("panels")) {
        p.get("panels").forEach(panels::add);
      }
    }
    return panels;
  }

  /**
   * Every panel target's expression, and every query variable's {@code label_values(metric, label)}
   * as the selector {@code metric{label!=""}} it reads.
   */
  List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    for (JsonNode p : panels()) {
      if (p.has("targets")) {
        for (JsonNode t : p.get("targets")) {
          queries.add(
              new Query(
                  p.get("title").asText() + " " + t.get("refId").asText(), t.get("expr").asText()));
        }
      }
    }
    for (JsonNode v : json.get("templating").get("list")) {
      if ("query".equals(v.get("type").asText())) {
        String q = v.get("definition").asText();
        Matcher m = LABEL_VALUES.matcher(q);
        if (!m.matches()) {
          throw new IllegalArgumentException("variable " + v.get("name") + ": " + q);
        }
        queries.add(
            new Query(
                "variable " + v.get("name").asText(), m.group(1) + "{" + m.group(2) + "!=\"\"}"));
      }
    }
    return queries;
  }

  /** Grafana's variables replaced by values of the kind Grafana would put there. */
  static String withSampleVariables(String expr) {
    return expr.replace("$__rate_interval", "2m")
        .replace("$operator_namespace", "pinecone-import-operator")
        .replace("$namespace", "team-a|team-b");
  }
}
