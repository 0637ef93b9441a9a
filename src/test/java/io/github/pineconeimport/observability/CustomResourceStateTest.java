package io.github.pineconeimport.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evaluator behind {@link RealServerKubeStateMetricsIT} against the examples of
 * kube-state-metrics' own documentation (docs/metrics/extend/customresourcestate-metrics.md, the
 * {@code Foo} resource), so it resolves paths and converts values as kube-state-metrics does.
 */
class CustomResourceStateTest {

  @SuppressWarnings("unchecked")
  static final Map<String, Object> FOO =
      read(
          """
          kind: Foo
          metadata:
            name: foo
            creationTimestamp: "2019-10-22T16:29:31Z"
          spec:
            version: v1.2.3
            order:
            - id: 1
              value: true
            - id: 3
              value: false
            replicas: 1
          status:
            phase: Pending
            conditions:
            - name: a
              value: 45
            - name: b
              value: 66
            uptime: 43.21
          """);

  @Test
  void pathsResolveAsTheDocumentedExamples() {
    assertThat(CustomResourceState.get(List.of("spec", "replicas"), FOO)).isEqualTo(1);
    assertThat(CustomResourceState.get(List.of("spec", "order", "0", "value"), FOO))
        .isEqualTo(true);
    assertThat(CustomResourceState.get(List.of("spec", "order", "-1", "id"), FOO)).isEqualTo(3);
    assertThat(CustomResourceState.get(List.of("status", "conditions", "[name=a]", "value"), FOO))
        .isEqualTo(45);
    // a number in the lookup compares as a number
    assertThat(CustomResourceState.get(List.of("status", "conditions", "[value=66]", "name"), FOO))
        .isEqualTo("b");
    assertThat(CustomResourceState.get(List.of("metadata", "name=foo"), FOO)).isEqualTo("foo");
    // what does not resolve is nil, wherever it stops
    assertThat(CustomResourceState.get(List.of("status", "conditions", "[name=c]", "value"), FOO))
        .isNull();
    assertThat(CustomResourceState.get(List.of("spec", "order", "5", "value"), FOO)).isNull();
    assertThat(CustomResourceState.get(List.of("status", "missing", "deeper"), FOO)).isNull();
  }

  @Test
  void gaugeValuesConvertAsKubeStateMetricsConvertsThem() {
    assertThat(CustomResourceState.toFloat64(43.21)).isEqualTo(43.21);
    assertThat(CustomResourceState.toFloat64(true)).isEqualTo(1.0);
    assertThat(CustomResourceState.toFloat64("True")).isEqualTo(1.0);
    assertThat(CustomResourceState.toFloat64("False")).isEqualTo(0.0);
    assertThat(CustomResourceState.toFloat64("Unknown")).isEqualTo(0.0);
    assertThat(CustomResourceState.toFloat64("2019-10-22T16:29:31Z")).isEqualTo(1571761771.0);
    assertThat(CustomResourceState.toFloat64("2019-10-22T16:29:31.250+02:00"))
        .isEqualTo(1571754571.0);
    assertThat(CustomResourceState.toFloat64("12.5")).isEqualTo(12.5);
    assertThatThrownBy(() -> CustomResourceState.toFloat64("Pending"))
        .isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> CustomResourceState.toFloat64(Map.of()))
        .isInstanceOf(NumberFormatException.class);
  }

  @Test
  void aGaugeOnAStringThatIsNoNumberIsAnErrorAndAnAbsentOptionalFieldIsNoSeries() {
    var gauge =
        new CustomResourceState.Metric(
            "phase_as_number",
            "Gauge",
            List.of("status", "phase"),
            List.of(),
            Map.of(),
            null,
            List.of(),
            false,
            0);
    var optional =
        new CustomResourceState.Metric(
            "eta",
            "Gauge",
            List.of("status", "eta"),
            List.of(),
            Map.of(),
            null,
            List.of(),
            false,
            1);
    var required =
        new CustomResourceState.Metric(
            "eta",
            "Gauge",
            List.of("status", "eta"),
            List.of(),
            Map.of(),
            null,
            List.of(),
            false,
            0);
    var ksm = CustomResourceState.load(RealServerKubeStateMetricsIT.CONFIG);

    assertThat(ksm.evaluate(gauge, FOO).errors()).singleElement().asString().contains("Pending");
    assertThat(ksm.evaluate(optional, FOO).errors()).isEmpty();
    assertThat(ksm.evaluate(optional, FOO).series()).isEmpty();
    assertThat(ksm.evaluate(required, FOO).errors()).singleElement().asString().contains("got nil");
  }

  @Test
  void aStateSetSetsExactlyTheCurrentStateAndNeedsAString() {
    var ksm = CustomResourceState.load(RealServerKubeStateMetricsIT.CONFIG);
    var phase =
        new CustomResourceState.Metric(
            "phase",
            "StateSet",
            List.of("status", "phase"),
            List.of(),
            Map.of(),
            "phase",
            List.of("Pending", "Done"),
            false,
            0);
    assertThat(ksm.evaluate(phase, FOO).series())
        .extracting(s -> s.labels().get("phase") + "=" + s.value())
        .containsExactly("Pending=1.0", "Done=0.0");
    var notAString =
        new CustomResourceState.Metric(
            "uptime",
            "StateSet",
            List.of("status", "uptime"),
            List.of(),
            Map.of(),
            "x",
            List.of("a"),
            false,
            0);
    assertThat(ksm.evaluate(notAString, FOO).errors()).hasSize(1);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> read(String yaml) {
    try {
      return new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
