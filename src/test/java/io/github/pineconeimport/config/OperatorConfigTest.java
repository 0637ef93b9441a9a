package io.github.pineconeimport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pineconeimport.pinecone.IndexEndpoint;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorConfigTest {

  @Test
  void defaultsAreSafe() {
    var c = OperatorConfig.fromEnv(Map.of());
    assertThat(
            c.allowedHosts()
                .resolve(IndexEndpoint.parse("a-b.svc.aped-4627-b74a.pinecone.io").orElseThrow()))
        .isPresent();
    assertThat(c.allowedHosts().resolve(IndexEndpoint.parse("docs.pinecone.io").orElseThrow()))
        .as("Pinecone's other sites are not index hosts")
        .isEmpty();
    assertThat(c.secretLabelSelector()).isEqualTo("pinecone.io/api-key=true");
    assertThat(c.allowedHosts().resolve(IndexEndpoint.parse("127.0.0.1:8181").orElseThrow()))
        .isEmpty();
    assertThat(c.watchNamespaces()).isEmpty();
    assertThat(c.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.http().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.http().requestTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.leaderElection()).isFalse();
    assertThat(c.hostRequestsPerSecond()).isEqualTo(100);
    assertThat(c.pineconeApiVersion()).isEqualTo("2026-04");
  }

  @Test
  void readsEverySetting() {
    var c =
        OperatorConfig.fromEnv(
            Map.of(
                "PINECONE_ALLOWED_HOSTS", "*.pinecone.io, http://127.0.0.1:8181",
                "WATCH_NAMESPACES", "ml, search ,",
                "PINECONE_REQUEST_TIMEOUT", "20s",
                "MAX_BACKOFF", "2m",
                "LEADER_ELECTION", "true",
                "PINECONE_HOST_REQUESTS_PER_SECOND", "40",
                "PINECONE_API_VERSION", " 2025-10 "));
    assertThat(c.hostRequestsPerSecond()).isEqualTo(40);
    assertThat(c.pineconeApiVersion()).isEqualTo("2025-10");
    assertThat(c.watchNamespaces()).containsExactly("ml", "search");
    assertThat(c.http().requestTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.maxBackoff()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.leaderElection()).isTrue();
    assertThat(c.allowedHosts().resolve(IndexEndpoint.parse("127.0.0.1:8181").orElseThrow()))
        .map(IndexEndpoint::scheme)
        .contains("http");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "PINECONE_REQUEST_TIMEOUT, soon",
    "PINECONE_CONNECT_TIMEOUT, 0s",
    "MAX_BACKOFF, -5s",
    "RECONCILE_THREADS, 0",
    "HEALTH_PORT, eighty",
    "PINECONE_HOST_REQUESTS_PER_SECOND, 0",
    "PINECONE_API_VERSION, latest",
    "PINECONE_API_VERSION, 2026-4",
    "LEADER_ELECTION, maybe",
    "LEADER_ELECTION_LEASE_DURATION, 5s",
    "LEADER_ELECTION_RENEW_DEADLINE, 1m",
    "LEADER_ELECTION_RETRY_PERIOD, 10s",
    "LEADER_ELECTION_RETRY_PERIOD, forever",
    "PINECONE_ALLOWED_HOSTS, ftp://x",
  })
  void badValuesStopStartupWithTheVariableNamed(String name, String value) {
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of(name, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            name.startsWith("PINECONE_ALLOWED") ? "PINECONE_ALLOWED_HOSTS" : name);
  }

  @Test
  void leaseTimingsAndTheSecretSelectorAreSettings() {
    var c =
        OperatorConfig.fromEnv(
            Map.of(
                "LEADER_ELECTION_LEASE_DURATION", "30s",
                "LEADER_ELECTION_RENEW_DEADLINE", "20s",
                "LEADER_ELECTION_RETRY_PERIOD", "4s",
                "SECRET_LABEL_SELECTOR", " pinecone.io/api-key=true "));
    assertThat(c.leaseTiming())
        .isEqualTo(
            new OperatorConfig.LeaseTiming(
                java.time.Duration.ofSeconds(30),
                java.time.Duration.ofSeconds(20),
                java.time.Duration.ofSeconds(4)));
    assertThat(c.secretLabelSelector()).isEqualTo("pinecone.io/api-key=true");
    assertThat(OperatorConfig.defaults().leaseTiming())
        .isEqualTo(OperatorConfig.LeaseTiming.DEFAULT);
    assertThat(OperatorConfig.defaults().secretLabelSelector())
        .isEqualTo(OperatorConfig.DEFAULT_SECRET_LABEL_SELECTOR);
  }

  @Test
  void readingEverySecretIsAnExplicitOptOutNeverAnAccidentOfAnEmptyValue() {
    assertThat(OperatorConfig.fromEnv(Map.of("SECRET_LABEL_SELECTOR", "")).secretLabelSelector())
        .isEqualTo("pinecone.io/api-key=true");
    assertThat(OperatorConfig.fromEnv(Map.of("SECRET_LABEL_SELECTOR", " ")).secretLabelSelector())
        .isEqualTo("pinecone.io/api-key=true");
    assertThat(OperatorConfig.fromEnv(Map.of("SECRET_LABEL_SELECTOR", "*")).secretLabelSelector())
        .as("every Secret")
        .isEmpty();
    assertThat(
            OperatorConfig.fromEnv(Map.of("SECRET_LABEL_SELECTOR", "team=ml"))
                .secretLabelSelector())
        .isEqualTo("team=ml");
  }

  @Test
  void aTopLevelDomainWildcardStopsTheOperatorAtStartUp() {
    for (String wide : java.util.List.of("*.io", "*", "*.*.io")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> OperatorConfig.fromEnv(Map.of("PINECONE_ALLOWED_HOSTS", wide)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PINECONE_ALLOWED_HOSTS: '" + wide + "'");
    }
  }
}
