package io.github.pineconeimport.observability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * kube-state-metrics' Custom Resource State configuration, read and evaluated the way
 * kube-state-metrics does it (pkg/customresourcestate/registry_factory.go): path segments, {@code
 * [key=value]} list lookups, Gauge, StateSet and Info, and the string-to-number conversion of
 * gauges. Only what kube-state-metrics would log as an error is reported as one; a path that does
 * not resolve yields no series, as there.
 */
final class CustomResourceState {

  /** One series kube-state-metrics would print for one object. */
  record Series(String name, Map<String, String> labels, double value) {}

  /** The series for one object, and what kube-state-metrics would have logged as errors. */
  record Result(List<Series> series, List<String> errors) {}

  /** One metric of the configuration. */
  record Metric(
      String name,
      String type,
      List<String> path,
      List<String> valueFrom,
      Map<String, List<String>> labelsFromPath,
      String stateLabel,
      List<String> states,
      boolean nilIsZero,
      int errorLogV) {

    /**
     * A field that may be absent (errorLogV above 0: kube-state-metrics logs its absence only at
     * that verbosity); any other metric must resolve on every object.
     */
    boolean optional() {
      return errorLogV > 0;
    }
  }

  static final Set<String> RESERVED_LABELS =
      Set.of("customresource_group", "customresource_version", "customresource_kind");

  final String group;
  final String version;
  final String kind;
  final String plural;
  final String prefix;
  final Map<String, List<String>> labelsFromPath;
  final List<Metric> metrics;

  private CustomResourceState(
      String group,
      String version,
      String kind,
      String plural,
      String prefix,
      Map<String, List<String>> labelsFromPath,
      List<Metric> metrics) {
    this.group = group;
    this.version = version;
    this.kind = kind;
    this.plural = plural;
    this.prefix = prefix;
    this.labelsFromPath = labelsFromPath;
    this.metrics = metrics;
  }

  /** The configuration's single resource; anything this evaluator does not know is refused. */
  @SuppressWarnings("unchecked")
  static CustomResourceState load(Path file) {
    Map<String, Object> root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    require("CustomResourceStateMetrics".equals(root.get("kind")), "kind");
    var resources =
        (List<Map<String, Object>>) ((Map<String, Object>) root.get("spec")).get("resources");
    require(resources.size() == 1, "exactly one resource");
    var r = resources.get(0);
    var gvk = (Map<String, String>) r.get("groupVersionKind");
    List<Metric> metrics = new ArrayList<>();
    for (var m : (List<Map<String, Object>>) r.get("metrics")) {
      var each = (Map<String, Object>) m.get("each");
      String type = (String) each.get("type");
      String key =
          switch (type) {
            case "Gauge" -> "gauge";
            case "StateSet" -> "stateSet";
            case "Info" -> "info";
            default -> throw new IllegalArgumentException("unknown type " + type);
          };
      var body = (Map<String, Object>) each.get(key);
      metrics.add(
          new Metric(
              (String) m.get("name"),
              type,
              strings(body.get("path")),
              strings(body.get("valueFrom")),
              paths(body.get("labelsFromPath")),
              (String) body.get("labelName"),
              strings(body.get("list")),
              Boolean.TRUE.equals(body.get("nilIsZero")),
              m.get("errorLogV") == null ? 0 : ((Number) m.get("errorLogV")).intValue()));
    }
    Object prefix = r.containsKey("metricNamePrefix") ? r.get("metricNamePrefix") : null;
    return new CustomResourceState(
        gvk.get("group"),
        gvk.get("version"),
        gvk.get("kind"),
        (String) r.get("resourcePlural"),
        prefix == null ? "kube_customresource" : (String) prefix,
        paths(r.get("labelsFromPath")),
        metrics);
  }

  String fullName(Metric m) {
    return prefix.isEmpty() ? m.name() : prefix + "_" + m.name();
  }

  /** Every label name a metric's series can carry. */
  Set<String> labelNames(Metric m) {
    Set<String> names = new TreeSet<>(RESERVED_LABELS);
    names.addAll(labelsFromPath.keySet());
    names.addAll(m.labelsFromPath().keySet());
    if (m.stateLabel() != null) {
      names.add(m.stateLabel());
    }
    return names;
  }

  /** Series name to the label names it can carry, for every metric of the configuration. */
  Map<String, Set<String>> seriesNames() {
    Map<String, Set<String>> names = new TreeMap<>();
    metrics.forEach(m -> names.put(fullName(m), labelNames(m)));
    return names;
  }

  /** The series one metric yields for one object (as JSON read into maps and lists). */
  Result evaluate(Metric m, Map<String, Object> object) {
    List<String> errors = new ArrayList<>();
    List<Map.Entry<Map<String, String>, Double>> values = new ArrayList<>();
    Object at = get(m.path(), object);
    switch (m.type()) {
      case "Gauge" -> gauge(m, at, values, errors);
      case "StateSet" -> stateSet(m, at, values, errors);
      case "Info" -> info(m, at, values);
      default -> throw new IllegalStateException(m.type());
    }
    Map<String, String> base = new LinkedHashMap<>();
    addLabels(object, labelsFromPath, base);
    base.put("customresource_group", group);
    base.put("customresource_version", version);
    base.put("customresource_kind", kind);
    List<Series> series = new ArrayList<>();
    for (var v : values) {
      Map<String, String> labels = new TreeMap<>(v.getKey());
      base.forEach(labels::putIfAbsent);
      series.add(new Series(fullName(m), labels, v.getValue()));
    }
    return new Result(series, errors);
  }

  private static void gauge(
      Metric m,
      Object at,
      List<Map.Entry<Map<String, String>, Double>> values,
      List<String> errors) {
    if (at instanceof Map<?, ?> || at instanceof List<?>) {
      // kube-state-metrics makes a series per element here; this configuration never asks for it
      errors.add(m.name() + ": " + m.path() + " is an object or list, not a value");
      return;
    }
    Object got = get(m.valueFrom(), at);
    if (got == null) {
      if (m.nilIsZero()) {
        values.add(Map.entry(new TreeMap<>(), 0.0));
      } else if (at == null && !m.optional()) {
        errors.add(m.name() + ": got nil while resolving path " + m.path());
      }
      return;
    }
    try {
      Map<String, String> labels = new TreeMap<>();
      addLabels(at, m.labelsFromPath(), labels);
      values.add(Map.entry(labels, toFloat64(got)));
    } catch (NumberFormatException e) {
      errors.add(m.name() + ": " + m.path() + ": " + e.getMessage());
    }
  }

  private static void stateSet(
      Metric m,
      Object at,
      List<Map.Entry<Map<String, String>, Double>> values,
      List<String> errors) {
    Object comparable = get(m.valueFrom(), at);
    if (comparable == null) {
      return;
    }
    if (!(comparable instanceof String value)) {
      errors.add(m.name() + ": expected value for path to be string, got " + comparable.getClass());
      return;
    }
    for (String state : m.states()) {
      Map<String, String> labels = new TreeMap<>();
      labels.put(m.stateLabel(), state);
      addLabels(at, m.labelsFromPath(), labels);
      values.add(Map.entry(labels, value.equals(state) ? 1.0 : 0.0));
    }
  }

  private static void info(
      Metric m, Object at, List<Map.Entry<Map<String, String>, Double>> values) {
    if (at == null) {
      return;
    }
    List<?> items = at instanceof List<?> list ? list : List.of(at);
    for (Object item : items) {
      Map<String, String> labels = new TreeMap<>();
      addLabels(item, m.labelsFromPath(), labels);
      if (!labels.isEmpty()) {
        values.add(Map.entry(labels, 1.0));
      }
    }
  }

  /** Labels whose path resolves; kube-state-metrics leaves out a label whose path does not. */
  private static void addLabels(
      Object from, Map<String, List<String>> paths, Map<String, String> into) {
    paths.forEach(
        (label, path) -> {
          Object v = get(path, from);
          if (v != null) {
            into.put(label, v instanceof Map<?, ?> || v instanceof List<?> ? v.toString() : str(v));
          }
        });
  }

  private static String str(Object v) {
    // Go's %v prints a float64 such as 900 as "900"
    if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      return new BigDecimal(d).toPlainString();
    }
    return String.valueOf(v);
  }

  /** registry_factory.go compilePath + valuePath.Get. */
  static Object get(List<String> path, Object obj) {
    for (String part : path) {
      if (obj == null) {
        return null;
      }
      obj = step(part, obj);
    }
    return obj;
  }

  private static Object step(String part, Object obj) {
    if (part.startsWith("[") && part.endsWith("]")) {
      String[] eq = part.substring(1, part.length() - 1).split("=", 2);
      if (eq.length != 2) {
        throw new IllegalArgumentException("invalid list lookup: " + part);
      }
      if (!(obj instanceof List<?> list)) {
        return null;
      }
      for (Object item : list) {
        if (item instanceof Map<?, ?> map && map.containsKey(eq[0])) {
          Object candidate = map.get(eq[0]);
          if (eq[1].equals(candidate)
              || (candidate instanceof Number n
                  && isNumber(eq[1])
                  && n.doubleValue() == Double.parseDouble(eq[1]))
              || (candidate instanceof Boolean b && String.valueOf(b).equals(eq[1]))) {
            return map;
          }
        }
      }
      return null;
    }
    if (obj instanceof Map<?, ?> map) {
      String[] kv = part.split("=");
      if (kv.length == 2 && kv[1].equals(map.get(kv[0]))) {
        return map.get(kv[0]);
      }
      return map.get(part);
    }
    if (obj instanceof List<?> list) {
      int i;
      try {
        i = Integer.parseInt(part);
      } catch (NumberFormatException e) {
        return null;
      }
      if (i < 0) {
        i += list.size();
      }
      return i < 0 || i >= list.size() ? null : list.get(i);
    }
    return null;
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * registry_factory.go toFloat64: numbers, booleans, and strings that are a boolean word, an RFC
   * 3339 time (to Unix seconds) or a number. Quantities and percentages are left out: no path of
   * this configuration should ever point at one.
   */
  static double toFloat64(Object value) {
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      String lower = s.toLowerCase(Locale.ROOT);
      if (lower.equals("true") || lower.equals("yes")) {
        return 1;
      }
      if (lower.equals("false") || lower.equals("no") || lower.equals("unknown")) {
        return 0;
      }
      try {
        return OffsetDateTime.parse(s).toEpochSecond();
      } catch (DateTimeParseException notATime) {
        try {
          return Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new NumberFormatException("expected a number, boolean or RFC 3339 time: " + s);
        }
      }
    }
    throw new NumberFormatException("expected number but was " + value);
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object o) {
    return o == null ? List.of() : (List<String>) o;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> paths(Object o) {
    return o == null ? Map.of() : new TreeMap<>((Map<String, List<String>>) o);
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("unexpected configuration: " + what);
    }
  }
}
