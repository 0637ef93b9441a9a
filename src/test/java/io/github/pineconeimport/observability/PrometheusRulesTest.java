package io.github.pineconeimport.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The alert rules, checked by Prometheus's own promtool (syntax, and unit tests on synthetic series
 * in {@code src/test/resources/observability/alert-tests.yaml}), and read the way the person paged
 * reads them: a summary, a description naming the resource, and a runbook entry that says what to
 * look at and what to do.
 */
class PrometheusRulesTest {

  static final Path ALERT_TESTS = Path.of("src/test/resources/observability/alert-tests.yaml");
  static final Path RUNBOOK = Path.of("docs/runbook.md");
  static final String RUNBOOK_URL =
      "https://github.com/pineconeimport/pinecone-import-operator/blob/main/docs/runbook.md#";

  final List<PrometheusRules.Rule> rules = PrometheusRules.load(PrometheusRules.RULES_FILE).rules();

  @Test
  void promtoolChecksTheRules() {
    var result = Promtool.run("check", "rules", PrometheusRules.RULES_FILE.toString());
    assertThat(result.stdout()).contains("SUCCESS: " + rules.size() + " rules found");
  }

  @Test
  void promtoolUnitTestsFireEachAlertOnItsSeriesAndNoneOnAHealthyCluster() {
    var result = Promtool.run("test", "rules", ALERT_TESTS.toString());
    assertThat(result.stdout()).contains("SUCCESS");
  }

  /** The unit tests cover every alert both ways, so a new alert without tests fails here. */
  @Test
  @SuppressWarnings("unchecked")
  void everyAlertHasATestThatFiresItAndOneThatKeepsItSilent() {
    Map<String, Object> tests = PrometheusRules.load(ALERT_TESTS).groups();
    Set<String> fired = new HashSet<>();
    Set<String> silent = new HashSet<>();
    for (var test : (List<Map<String, Object>>) tests.get("tests")) {
      for (var check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
        var expected = (List<?>) check.get("exp_alerts");
        (expected.isEmpty() ? silent : fired).add((String) check.get("alertname"));
      }
    }
    List<String> names = rules.stream().map(PrometheusRules.Rule::name).toList();
    assertThat(fired).containsExactlyInAnyOrderElementsOf(names);
    assertThat(silent).containsExactlyInAnyOrderElementsOf(names);
    assertThat(names)
        .contains(
            "PineconeImportOperatorNoLeader",
            "PineconeImportOperatorReconcileErrors",
            "PineconeImportOperatorPineconeErrors",
            "PineconeImportOperatorStatusWritesFailing",
            "PineconeImportNotCancelled",
            "PineconeImportFailed",
            "PineconeImportCompletedWithErrors",
            "PineconeImportStalled",
            "PineconeImportNoProgress",
            "PineconeImportPendingTooLong");
  }

  @Test
  void everyAlertHasASummaryADescriptionNamingTheResourceAndASeverity() {
    for (var rule : rules) {
      assertThat(rule.annotations()).as(rule.name()).containsKeys("summary", "description");
      assertThat(rule.labels().get("severity")).as(rule.name()).isIn("critical", "warning", "info");
      String description = rule.annotations().get("description");
      if (rule.group().equals("pinecone-imports")) {
        assertThat(description)
            .as(rule.name())
            .contains("{{ $labels.namespace }}/{{ $labels.name }}");
      } else {
        assertThat(description).as(rule.name()).contains("$labels.namespace");
      }
    }
  }

  @Test
  void everyAlertLinksToItsRunbookEntryWhichSaysWhatToLookAtAndWhatToDo() throws IOException {
    String runbook = Files.readString(RUNBOOK);
    List<String> problems = new ArrayList<>();
    for (var rule : rules) {
      String anchor = rule.name().toLowerCase(Locale.ROOT);
      assertThat(rule.annotations().get("runbook_url"))
          .as(rule.name())
          .isEqualTo(RUNBOOK_URL + anchor);
      String heading = "\n## " + rule.name() + "\n";
      int at = runbook.indexOf(heading);
      if (at < 0) {
        problems.add(rule.name() + ": no heading in " + RUNBOOK);
        continue;
      }
      int next = runbook.indexOf("\n## ", at + heading.length());
      String entry = runbook.substring(at, next < 0 ? runbook.length() : next);
      for (String part : List.of("**Means:**", "**Look at:**", "**Do:**")) {
        if (!entry.contains(part)) {
          problems.add(rule.name() + ": no " + part);
        }
      }
    }
    assertThat(problems).isEmpty();
    // and no entry for an alert that does not exist
    assertThat(runbook.lines().filter(l -> l.startsWith("## ")).map(l -> l.substring(3)))
        .containsExactlyInAnyOrderElementsOf(
            rules.stream().map(PrometheusRules.Rule::name).toList());
  }
}
