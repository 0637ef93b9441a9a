package io.github.pineconeimport.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.testing.LogCapture;
import io.github.pineconeimport.testing.OperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * LOG_FORMAT=json, as a log collector receives it: the shipped logback.xml's encoder applied to the
 * lines the operator logged while it reconciled an import.
 */
class JsonLogsTest {

  /** Our loggers that speak during a reconcile. */
  static final Set<String> RECONCILE_LOGGERS =
      Set.of(
          "io.github.pineconeimport.reconciler.DecisionActor",
          "io.github.pineconeimport.events.ImportEventRecorder",
          "io.github.pineconeimport.pinecone.PineconeClient");

  @Test
  void everyReconcileLineNamesItsResourceAndEncodesAsOneJsonObject() throws Exception {
    List<ILoggingEvent> reconcileLines;
    try (var logs = new LogCapture();
        var h = OperatorHarness.start()) {
      h.createSecret(TestResources.API_KEY);
      h.pinecone.seed(
          "501",
          new ImportScript(
              Duration.ofSeconds(10),
              Duration.ofSeconds(30),
              Duration.ofSeconds(10),
              3,
              900,
              BulkImport.COMPLETED,
              null));
      h.createImport("products", "501");
      h.awaitPhase("products", "Pending");
      h.pineconeClock.advance(Duration.ofMinutes(5));
      h.awaitPhase("products", "Completed");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> TestResources.eventsFor(h.client, "products").size() == 1);
      h.stopOperator();
      // a class running beside this one (RealServerOutageIT) logs its own namespace's lines
      reconcileLines =
          logs.events().stream()
              .filter(e -> RECONCILE_LOGGERS.contains(e.getLoggerName()))
              .filter(
                  e ->
                      e.getMDCPropertyMap()
                          .getOrDefault("resource.namespace", TestResources.NAMESPACE)
                          .equals(TestResources.NAMESPACE))
              .toList();
    }

    // the lifecycle's decisions: new -> Pending, Pending -> Completed, the event, polling stopped
    assertThat(reconcileLines).hasSizeGreaterThanOrEqualTo(4);
    assertThat(reconcileLines)
        .allSatisfy(
            e ->
                assertThat(e.getMDCPropertyMap())
                    .as("MDC of '%s'", e.getFormattedMessage())
                    .containsEntry("resource.name", "products")
                    .containsEntry("resource.namespace", TestResources.NAMESPACE));

    Encoder<ILoggingEvent> json = shippedEncoder("json");
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> encoded = new ArrayList<>();
    for (ILoggingEvent e : reconcileLines) {
      String line = new String(json.encode(e), StandardCharsets.UTF_8);
      assertThat(line).endsWith("\n").doesNotContain("\n".repeat(2));
      assertThat(line.strip()).doesNotContain("\n");
      encoded.add(mapper.readTree(line));
    }
    assertThat(encoded)
        .allSatisfy(
            node -> {
              assertThat(node.path("mdc").path("resource.name").asText()).isEqualTo("products");
              assertThat(node.path("mdc").path("resource.namespace").asText())
                  .isEqualTo(TestResources.NAMESPACE);
              assertThat(node.path("level").asText()).isNotBlank();
              assertThat(node.path("loggerName").asText()).startsWith("io.github.pineconeimport.");
              assertThat(node.path("formattedMessage").asText()).isNotBlank().doesNotContain("{}");
            });
    assertThat(encoded)
        .anySatisfy(
            node ->
                assertThat(node.path("formattedMessage").asText())
                    .isEqualTo(
                        "ImportPending -> ImportCompleted: Import completed, 900 records"
                            + " imported"));
  }

  /**
   * The encoder of an appender in src/main/resources/logback.xml, configured as LOG_FORMAT=json.
   */
  @SuppressWarnings("unchecked")
  private static Encoder<ILoggingEvent> shippedEncoder(String appender) throws Exception {
    var context = new LoggerContext();
    context.putProperty("LOG_FORMAT", "json");
    var configurator = new JoranConfigurator();
    configurator.setContext(context);
    try (var in = JsonLogsTest.class.getResourceAsStream("/logback.xml")) {
      configurator.doConfigure(in);
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    var output = (OutputStreamAppender<ILoggingEvent>) root.getAppender(appender);
    assertThat(output).as("LOG_FORMAT=json selects the %s appender", appender).isNotNull();
    return output.getEncoder();
  }
}
