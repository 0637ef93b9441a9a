package io.github.pineconeimport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.testing.MarkdownLinks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README fits on a few screens and starts with the two commands; pages speak to users. */
class DocsPagesTest {

  static final Pattern ISSUE_NUMBER =
      Pattern.compile("\\bissues? #?[0-9]+\\b", Pattern.CASE_INSENSITIVE);

  @Test
  void theReadmeIsShortAndStartsWithTheDemoAndTheTestCommand() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    assertThat(lines).hasSizeLessThanOrEqualTo(200);
    assertThat(String.join("\n", lines.subList(0, 40)))
        .contains("mvn -B -q -DskipTests package && java -jar")
        .contains(" demo ")
        .contains("mvn -B verify");
  }

  @Test
  void noPageNamesAnInternalIssueNumber() throws IOException {
    for (Path page : MarkdownLinks.projectPages(Path.of("."))) {
      assertThat(Files.readString(page)).as(page.toString()).doesNotContainPattern(ISSUE_NUMBER);
    }
  }
}
