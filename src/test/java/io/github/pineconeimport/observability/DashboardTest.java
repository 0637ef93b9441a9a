package io.github.pineconeimport.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard: a Grafana 10 dashboard with a datasource and a namespace variable, the
 * rows the operator's users look for, and PromQL that Prometheus accepts (each panel's expression
 * run through promtool as a recording rule).
 */
class DashboardTest {

  final Dashboard dashboard = Dashboard.load(Dashboard.FILE);

  @Test
  void everyPanelExpressionIsPromQlThatPrometheusAccepts(@TempDir Path dir) throws IOException {
    StringBuilder rules = new StringBuilder("groups:\n- name: dashboard\n  rules:\n");
    int i = 0;
    for (var q : dashboard.queries()) {
      rules
          .append("  - record: dashboard:query_")
          .append(i++)
          .append("\n    expr: |\n      ")
          .append(Dashboard.withSampleVariables(q.expr()).replace("\n", "\n      "))
          .append('\n');
    }
    Path file = Files.writeString(dir.resolve("dashboard-queries.yaml"), rules);
    var result = Promtool.run("check", "rules", file.toString());
    assertThat(result.stdout()).contains("SUCCESS: " + i + " rules found");
    assertThat(i).isGreaterThan(15);
  }

  @Test
  void itIsAGrafanaTenDashboardOnAChosenPrometheusAndNamespace() {
    JsonNode json = dashboard.json();
    assertThat(json.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(38);
    assertThat(json.get("uid").asText()).isEqualTo("pinecone-import-operator");
    List<String> variables = new ArrayList<>();
    for (JsonNode v : json.get("templating").get("list")) {
      variables.add(v.get("name").asText());
      if (v.get("name").asText().equals("datasource")) {
        assertThat(v.get("type").asText()).isEqualTo("datasource");
        assertThat(v.get("query").asText()).isEqualTo("prometheus");
      }
    }
    assertThat(variables).contains("datasource", "namespace");
    for (JsonNode p : dashboard.panels()) {
      if (!p.get("type").asText().equals("row")) {
        assertThat(p.get("datasource").get("uid").asText())
            .as(p.get("title").asText())
            .isEqualTo("${datasource}");
        for (JsonNode t : p.get("targets")) {
          assertThat(t.get("datasource").get("uid").asText()).isEqualTo("${datasource}");
          String expr = t.get("expr").asText();
          // every query is scoped by one of the two namespace variables
          assertThat(expr)
              .as(p.get("title").asText())
              .containsPattern("\\$(operator_)?namespace\"");
        }
      }
    }
  }

  @Test
  void itHasTheRowsAndPanelsThePlatformTeamAskedFor() {
    List<String> rows = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    var ids = new HashSet<Integer>();
    for (JsonNode p : dashboard.panels()) {
      assertThat(ids.add(p.get("id").asInt())).as("unique panel id").isTrue();
      (p.get("type").asText().equals("row") ? rows : titles).add(p.get("title").asText());
    }
    assertThat(rows)
        .containsExactly(
            "Operator: leader and replicas", "Reconciles", "Pinecone", "Status writes", "Imports");
    assertThat(titles)
        .contains(
            "Leader",
            "Replicas",
            "Reconciles per second",
            "Pinecone requests by outcome",
            "Pinecone latency",
            "Status writes per second",
            "Imports by phase",
            "Running imports",
            "Recent failures",
            "Completed with skipped records",
            "Deleted without cancel (24h)");
    JsonNode latency =
        dashboard.panels().stream()
            .filter(p -> p.get("title").asText().equals("Pinecone latency"))
            .findFirst()
            .orElseThrow();
    assertThat(latency.get("targets").findValuesAsText("expr"))
        .allMatch(e -> e.startsWith("histogram_quantile("))
        .hasSize(3);
  }
}
