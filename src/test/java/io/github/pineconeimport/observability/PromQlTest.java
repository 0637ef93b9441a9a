package io.github.pineconeimport.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.observability.PromQl.Selector;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The selector lister behind {@link SeriesCoverageTest}: names only what is a series. */
class PromQlTest {

  @Test
  void listsSeriesAndTheLabelsTheyMatchOnNotFunctionsKeywordsOrGroupings() {
    assertThat(
            PromQl.selectors(
                """
                sum by (namespace, outcome) (rate(a_total{outcome=~"4xx|5xx", op!="x"}[10m]))
                / ignoring (outcome) group_left
                sum without (pod) (rate(b_total[5m] offset 1h)) > 0.1 # a comment with c_total
                and on (namespace) histogram_quantile(0.9, sum by (le) (rate(c_bucket[2m])))
                unless absent(d) or vector(1) * time() - e_seconds < 7 * 86400
                """))
        .containsExactly(
            new Selector("a_total", Set.of("outcome", "op")),
            new Selector("b_total", Set.of()),
            new Selector("c_bucket", Set.of()),
            new Selector("d", Set.of()),
            new Selector("e_seconds", Set.of()));
  }

  @Test
  void stringsInMatchersAndFunctionArgumentsAreNotSeries() {
    assertThat(
            PromQl.selectors(
                "label_replace(up{job=\"x y\"}, \"dst\", \"$1\", \"src\", \"(not_a_series)\")"))
        .containsExactly(new Selector("up", Set.of("job")));
  }

  @Test
  void groupingLabelsAreReadFromEveryClause() {
    assertThat(
            PromQl.groupingLabels(
                "sum by (namespace) (x) * on (namespace, name) group_left (reason) y"))
        .containsExactlyInAnyOrder("namespace", "name", "reason");
  }
}
