package io.github.pineconeimport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.testing.MarkdownLinks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every relative link of the README and the docs pages leads somewhere, as GitHub renders them. */
class DocsLinksTest {

  @Test
  void everyRelativeLinkOfTheReadmeAndTheDocsResolves() {
    List<Path> pages = MarkdownLinks.projectPages(Path.of("."));
    assertThat(pages)
        .contains(
            Path.of("./README.md"),
            Path.of("./docs/reference.md"),
            Path.of("./docs/operations.md"),
            Path.of("./docs/security.md"),
            Path.of("./docs/testing.md"),
            Path.of("./docs/performance.md"));

    assertThat(new MarkdownLinks().check(pages)).isEmpty();
  }

  @Test
  void aMissingFileOrHeadingIsReportedWithItsPlace(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("docs/sub"));
    Files.writeString(
        dir.resolve("docs/other.md"),
        """
        # Other page

        ## A heading
        ## A heading
        ### `spec` fields, and more
        """);
    Files.writeString(dir.resolve("docs/sub/data.json"), "{}");
    Files.writeString(
        dir.resolve("docs/page.md"),
        """
        # Local heading

        [fine](other.md) [fine](other.md#a-heading) [second of two](other.md#a-heading-1)
        [code in heading](other.md#spec-fields-and-more) [self](#local-heading)
        [folder](sub) ![data](sub/data.json "title") [up](../docs/other.md) [web](https://example.com/x)
        [gone](missing.md)
        [no such heading](other.md#nope) [no local heading](#nope)
        `[a code span](nowhere.md)` is not a link

        ```
        [in a code block](nowhere.md)
        ```

        [ref]: sub/gone.json
        """);

    List<MarkdownLinks.Broken> broken =
        new MarkdownLinks().check(List.of(dir.resolve("docs/page.md")));

    assertThat(broken)
        .extracting(MarkdownLinks.Broken::target)
        .containsExactly("missing.md", "other.md#nope", "#nope", "sub/gone.json");
    assertThat(broken).extracting(MarkdownLinks.Broken::line).containsExactly(6, 7, 7, 14);
  }

  @Test
  void anchorsAreTheHeadingAsGitHubSpellsIt() {
    assertThat(MarkdownLinks.anchorOf("Condition reasons")).isEqualTo("condition-reasons");
    assertThat(MarkdownLinks.anchorOf("Try it without a Pinecone account"))
        .isEqualTo("try-it-without-a-pinecone-account");
    assertThat(MarkdownLinks.anchorOf("Install, RBAC & HA")).isEqualTo("install-rbac--ha");
    assertThat(MarkdownLinks.anchorOf("`LOG_FORMAT` and [logs](x.md)"))
        .isEqualTo("log_format-and-logs");
    assertThat(MarkdownLinks.anchorOf("10,000 imports at a 30 s poll, real API server"))
        .isEqualTo("10000-imports-at-a-30-s-poll-real-api-server");
  }
}
