package io.github.pineconeimport.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The reference page lists exactly the reasons the operator writes: a reason added to {@link
 * Reason} without a row, or a row for a reason that no longer exists, fails here.
 */
class ReasonTablesTest {

  static final Path REFERENCE = Path.of("docs/reference.md");

  @Test
  void theConditionReasonsTableListsExactlyTheReasonsWrittenInConditions() throws IOException {
    var rows = table("## Condition reasons");
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(names(r -> r.inConditions()));
    // the Stalled column says what the enum says: a person must act
    rows.forEach(
        (reason, cells) -> {
          Reason r = Reason.valueOf(reason);
          if (r.kind() == Reason.Kind.NEEDS_USER || r.kind() == Reason.Kind.TRANSIENT) {
            assertThat(cells.get(3).replace("*", "").trim())
                .as(reason + " Stalled")
                .isEqualTo(r.needsUser() ? "True" : "False");
          }
        });
  }

  @Test
  void theEventReasonsTableListsExactlyTheReasonsRaisedAsEvents() throws IOException {
    assertThat(table("## Event reasons").keySet())
        .containsExactlyInAnyOrderElementsOf(names(r -> r.inEvents()));
  }

  private static Set<String> names(Predicate<Reason> which) {
    return Arrays.stream(Reason.values())
        .filter(which)
        .map(Reason::name)
        .collect(Collectors.toSet());
  }

  /** The rows of the table under heading, by the reason in their first cell. */
  private static Map<String, List<String>> table(String heading) throws IOException {
    List<String> lines = Files.readAllLines(REFERENCE);
    int start = lines.indexOf(heading);
    assertThat(start).as(heading + " in " + REFERENCE).isNotNegative();
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
      String line = lines.get(i);
      if (line.startsWith("| `")) {
        List<String> cells = Arrays.asList(line.substring(1).split("\\|"));
        String reason = cells.get(0).trim().replace("`", "");
        assertThat(rows.put(reason, cells)).as("one row for " + reason).isNull();
      }
    }
    return rows;
  }
}
