package io.github.pineconeimport.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text-format scrape: series name to the label names seen on it, and the values. */
record Scrape(Map<String, Set<String>> labelsByName, Map<String, Double> values) {

  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

  static Scrape parse(String body) {
    Map<String, Set<String>> labels = new TreeMap<>();
    Map<String, Double> values = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String series = line.substring(0, space);
      values.put(series, Double.parseDouble(line.substring(space + 1)));
      int brace = series.indexOf('{');
      String name = brace < 0 ? series : series.substring(0, brace);
      Set<String> names = labels.computeIfAbsent(name, n -> new TreeSet<>());
      if (brace >= 0) {
        Matcher m = LABEL.matcher(series.substring(brace));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return new Scrape(labels, values);
  }

  /** The sum of every series of this name whose printed labels contain all of these. */
  double sum(String name, String... labelPairs) {
    return values.entrySet().stream()
        .filter(
            e -> {
              String k = e.getKey();
              if (!(k.equals(name) || k.startsWith(name + "{"))) {
                return false;
              }
              for (String pair : labelPairs) {
                if (!k.contains(pair)) {
                  return false;
                }
              }
              return true;
            })
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }
}
