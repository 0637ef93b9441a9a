package io.github.pineconeimport.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands of README.md and the docs pages, read the way a user copies them: tests run them, so
 * a change to a page that breaks a command breaks a test.
 */
public final class Readme {

  /** The README: the quick start and the how-to against a cluster. */
  public static final Readme README = new Readme(Path.of("README.md"));

  /** docs/operations.md: install, GitOps. */
  public static final Readme OPERATIONS = new Readme(Path.of("docs/operations.md"));

  private static final Pattern INLINE_KUBECTL = Pattern.compile("`(kubectl [^`]+)`");
  private static final Pattern PLACEHOLDER = Pattern.compile("<[^>]+>");

  private final Path file;

  private Readme(Path file) {
    this.file = file;
  }

  /**
   * The text of the section under this heading, up to the next heading of any level (a shell
   * comment inside a code block is not a heading).
   */
  public String section(String heading) {
    StringBuilder out = null;
    boolean fenced = false;
    for (String line : read().split("\n", -1)) {
      boolean isHeading = !fenced && line.matches("#+ .*");
      if (line.startsWith("```")) {
        fenced = !fenced;
      }
      if (isHeading && out != null) {
        return out.toString();
      }
      if (out != null) {
        out.append(line).append('\n');
      } else if (isHeading && line.replaceFirst("^#+ ", "").strip().equals(heading)) {
        out = new StringBuilder();
      }
    }
    if (out == null) {
      throw new AssertionError(file + " has no section '" + heading + "'");
    }
    return out.toString();
  }

  /** The lines of the section's first ```bash block, without comment-only and blank lines. */
  public List<String> bashLines(String heading) {
    String s = section(heading);
    int start = s.indexOf("```bash\n");
    if (start < 0) {
      throw new AssertionError(file + " section '" + heading + "' has no ```bash block");
    }
    String block = s.substring(start + "```bash\n".length(), s.indexOf("```", start + 7));
    return block
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  /** {@code kubectl ...} commands quoted inline in the section's prose, in order. */
  public List<String> inlineKubectl(String heading) {
    List<String> out = new ArrayList<>();
    Matcher m = INLINE_KUBECTL.matcher(section(heading));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /**
   * One command line as the shell would split it: the trailing comment dropped, each {@code
   * <placeholder>} replaced by the value the test supplies. Quotes are not expected in these
   * commands; one fails the test rather than being split wrongly.
   */
  public static List<String> words(String line, Map<String, String> placeholders) {
    String command = line.replaceFirst("\\s+#.*$", "");
    Matcher m = PLACEHOLDER.matcher(command);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String value = placeholders.get(m.group());
      if (value == null) {
        throw new AssertionError("no value for " + m.group() + " in the command: " + line);
      }
      m.appendReplacement(b, Matcher.quoteReplacement(value));
    }
    m.appendTail(b);
    if (b.indexOf("'") >= 0 || b.indexOf("\"") >= 0) {
      throw new AssertionError("quoted words are not supported in the command: " + line);
    }
    return List.of(b.toString().trim().split("\\s+"));
  }

  private String read() {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
