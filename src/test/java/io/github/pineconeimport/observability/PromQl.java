package io.github.pineconeimport.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Just enough of PromQL's lexer to list the series selectors in an expression: the metric name and
 * the label names it matches on. promtool checks the syntax; this only names what is queried.
 */
final class PromQl {

  /** A vector selector: {@code name{label="..", ...}}. */
  record Selector(String name, Set<String> labels) {}

  /** Words followed by a parenthesised list of label names, not of expressions. */
  private static final Set<String> LABEL_LISTS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  /** Operators and aggregations: never a series, with or without a parenthesis behind. */
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "atan2",
          "inf",
          "nan",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");

  private PromQl() {}

  /** Label names in by, without, on, ignoring, group_left and group_right lists. */
  static Set<String> groupingLabels(String expr) {
    Set<String> labels = new TreeSet<>();
    var m =
        java.util.regex.Pattern.compile(
                "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)")
            .matcher(expr.replaceAll("\"[^\"]*\"", "\"\""));
    while (m.find()) {
      for (String label : m.group(2).split(",")) {
        if (!label.isBlank()) {
          labels.add(label.strip());
        }
      }
    }
    return labels;
  }

  static List<Selector> selectors(String expr) {
    List<Selector> found = new ArrayList<>();
    int i = 0;
    int n = expr.length();
    while (i < n) {
      char c = expr.charAt(i);
      if (c == '#') {
        i = skipTo(expr, i, '\n');
      } else if (c == '"' || c == '\'' || c == '`') {
        i = skipString(expr, i);
      } else if (c == '[') {
        i = skipTo(expr, i, ']') + 1;
      } else if (Character.isDigit(c)) {
        while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
          i++;
        }
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        int start = i;
        while (i < n
            && (Character.isLetterOrDigit(expr.charAt(i)) || "_:".indexOf(expr.charAt(i)) >= 0)) {
          i++;
        }
        String word = expr.substring(start, i);
        int next = skipSpace(expr, i);
        boolean call = next < n && expr.charAt(next) == '(';
        if (LABEL_LISTS.contains(word.toLowerCase()) && call) {
          i = skipTo(expr, next, ')') + 1;
        } else if (call || KEYWORDS.contains(word.toLowerCase())) {
          // a function or an aggregation: its arguments are read as the loop goes on
        } else {
          Set<String> labels = new TreeSet<>();
          if (next < n && expr.charAt(next) == '{') {
            int end = matchers(expr, next, labels);
            i = end + 1;
          }
          found.add(new Selector(word, labels));
        }
      } else {
        i++;
      }
    }
    return found;
  }

  /** Reads {@code {a="x", b=~"y"}} from the brace at {@code open}; returns the closing brace. */
  private static int matchers(String expr, int open, Set<String> labels) {
    int i = open + 1;
    while (i < expr.length() && expr.charAt(i) != '}') {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(expr, i);
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_') {
          i++;
        }
        labels.add(expr.substring(start, i));
      } else {
        i++;
      }
    }
    return i;
  }

  private static int skipString(String expr, int open) {
    char quote = expr.charAt(open);
    int i = open + 1;
    while (i < expr.length() && expr.charAt(i) != quote) {
      i += expr.charAt(i) == '\\' ? 2 : 1;
    }
    return i + 1;
  }

  private static int skipTo(String expr, int from, char end) {
    int i = expr.indexOf(end, from);
    return i < 0 ? expr.length() : i;
  }

  private static int skipSpace(String expr, int from) {
    int i = from;
    while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
      i++;
    }
    return i;
  }
}
