package io.github.pineconeimport.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relative links of markdown pages, checked the way GitHub renders them: the file or folder
 * must exist, and an {@code #anchor} into a markdown page must name one of its headings.
 */
public final class MarkdownLinks {

  /** An inline link or image: {@code [text](target)} or {@code [text](target "title")}. */
  private static final Pattern INLINE =
      Pattern.compile(
          "!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

  /** A reference definition: {@code [name]: target}. */
  private static final Pattern REFERENCE =
      Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(\\s.*)?$");

  private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

  /** One link that does not resolve, with where it is. */
  public record Broken(Path page, int line, String target, String why) {
    @Override
    public String toString() {
      return page + ":" + line + ": " + target + " (" + why + ")";
    }
  }

  private final Map<Path, Set<String>> anchors = new HashMap<>();

  /** Every relative link of these pages that does not resolve. */
  public List<Broken> check(List<Path> pages) {
    List<Broken> broken = new ArrayList<>();
    for (Path page : pages) {
      List<String> lines = proseLines(page);
      for (int i = 0; i < lines.size(); i++) {
        String line = CODE_SPAN.matcher(lines.get(i)).replaceAll("");
        for (String target : targets(line)) {
          String why = problem(page, target);
          if (why != null) {
            broken.add(new Broken(page, i + 1, target, why));
          }
        }
      }
    }
    return broken;
  }

  /** README.md and every markdown page under docs/, from the project's root. */
  public static List<Path> projectPages(Path root) {
    List<Path> pages = new ArrayList<>();
    pages.add(root.resolve("README.md"));
    try (var walk = Files.walk(root.resolve("docs"))) {
      walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  /**
   * The anchor GitHub gives a heading: its text as rendered, lower-cased, without punctuation,
   * spaces turned into hyphens.
   */
  public static String anchorOf(String heading) {
    String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
    StringBuilder b = new StringBuilder();
    text.toLowerCase(Locale.ROOT)
        .codePoints()
        .forEach(
            c -> {
              if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                b.appendCodePoint(c);
              } else if (c == ' ') {
                b.append('-');
              }
            });
    return b.toString();
  }

  private static List<String> targets(String line) {
    List<String> out = new ArrayList<>();
    Matcher m = INLINE.matcher(line);
    while (m.find()) {
      out.add(m.group(1));
    }
    Matcher r = REFERENCE.matcher(line);
    if (r.matches()) {
      out.add(r.group(1));
    }
    return out;
  }

  /** Why the target does not resolve from the page, or null when it does (or is not relative). */
  private String problem(Path page, String target) {
    if (target.isEmpty()) {
      return "empty link";
    }
    if (SCHEME.matcher(target).find() || target.startsWith("//")) {
      return null;
    }
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path file =
        path.isEmpty()
            ? page
            : page.toAbsolutePath()
                .getParent()
                .resolve(URLDecoder.decode(path, StandardCharsets.UTF_8))
                .normalize();
    if (!Files.exists(file)) {
      return "no such file " + file;
    }
    if (anchor == null) {
      return null;
    }
    if (!file.toString().endsWith(".md") || Files.isDirectory(file)) {
      return "an anchor into a file that is not a markdown page";
    }
    if (!anchorsOf(file).contains(URLDecoder.decode(anchor, StandardCharsets.UTF_8))) {
      return "no heading with anchor #" + anchor + " in " + file.getFileName();
    }
    return null;
  }

  private Set<String> anchorsOf(Path file) {
    return anchors.computeIfAbsent(
        file.toAbsolutePath().normalize(),
        f -> {
          Set<String> out = new HashSet<>();
          Map<String, Integer> seen = new HashMap<>();
          for (String line : proseLines(f)) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
              String base = anchorOf(m.group(2));
              int n = seen.merge(base, 1, Integer::sum) - 1;
              out.add(n == 0 ? base : base + "-" + n);
            }
          }
          return out;
        });
  }

  /** The page's lines with fenced code blocks blanked, so line numbers stay right. */
  private static List<String> proseLines(Path page) {
    List<String> out = new ArrayList<>();
    String fence = null;
    try {
      for (String line : Files.readAllLines(page)) {
        String stripped = line.stripLeading();
        if (fence == null && (stripped.startsWith("```") || stripped.startsWith("~~~"))) {
          fence = stripped.substring(0, 3);
          out.add("");
        } else if (fence != null) {
          if (stripped.startsWith(fence)) {
            fence = null;
          }
          out.add("");
        } else {
          out.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
