package io.github.pineconeimport.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.pinecone.ApiKey;
import io.github.pineconeimport.pinecone.IndexEndpoint;
import io.github.pineconeimport.secrets.SecretLookup;
import io.github.pineconeimport.status.Reason;
import io.github.pineconeimport.testing.TestResources;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiKeyResolverTest {

  static final String KEY = "pcsk_resolver_test_value";
  static final String SELECTOR = OperatorConfig.DEFAULT_SECRET_LABEL_SELECTOR;
  static final IndexEndpoint HOST = endpoint("idx-abc.svc.aped-4627-b74a.pinecone.io");

  static IndexEndpoint endpoint(String host) {
    return IndexEndpoint.parse(host).orElseThrow();
  }

  /** As SecretValues answers: only a Secret in the import's namespace, by its name. */
  static ApiKeyResolver over(Secret secret) {
    return new ApiKeyResolver(
        (ns, name, key) ->
            secret != null
                    && secret.getMetadata().getName().equals(name)
                    && secret.getMetadata().getNamespace().equals(ns)
                ? SecretLookup.of(secret, key)
                : new SecretLookup.NotFound(),
        SELECTOR);
  }

  static Secret withAllowedHosts(String hosts) {
    return new SecretBuilder(TestResources.apiKeySecret("pinecone", "apiKey", KEY))
        .editMetadata()
        .addToAnnotations(SecretLookup.ALLOWED_HOSTS_ANNOTATION, hosts)
        .endMetadata()
        .build();
  }

  @Test
  void readsTheKeyFromData() {
    var r =
        over(TestResources.apiKeySecret("pinecone", "apiKey", KEY))
            .resolve(TestResources.pineconeImport("x", "h.pinecone.io", "1"), HOST);
    assertThat(r.problem()).isNull();
    assertThat(r.key()).isEqualTo(new ApiKey(KEY));
  }

  @Test
  void readsStringDataAndACustomKey() {
    var secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("pinecone")
            .withNamespace("ml")
            .endMetadata()
            .withStringData(Map.of("PINECONE_API_KEY", KEY))
            .build();
    var cr = TestResources.pineconeImport("x", "h.pinecone.io", "1");
    cr.getSpec().getApiKeySecretRef().setKey("PINECONE_API_KEY");
    assertThat(over(secret).resolve(cr, HOST).key()).isEqualTo(new ApiKey(KEY));
  }

  @Test
  void aMissingSecretSaysWhichAndHowToFixIt() {
    var r = over(null).resolve(TestResources.pineconeImport("x", "h.pinecone.io", "1"), HOST);
    assertThat(r.problem().reason()).isEqualTo(Reason.SecretNotFound);
    assertThat(r.problem().message())
        .contains("ml/pinecone")
        .contains("'apiKey'")
        .contains("pinecone.io/api-key=true");
  }

  @Test
  void anUnlabelledSecretGivesTheExactCommandThatLabelsIt() {
    var resolver = new ApiKeyResolver((ns, name, key) -> new SecretLookup.NotSelected(), SELECTOR);
    var r = resolver.resolve(TestResources.pineconeImport("x", "h.pinecone.io", "1"), HOST);
    assertThat(r.key()).isNull();
    assertThat(r.problem().reason()).isEqualTo(Reason.SecretNotLabelled);
    assertThat(r.problem().needsUser()).isTrue();
    assertThat(r.problem().message())
        .contains("ml/pinecone")
        .endsWith("kubectl label secret pinecone -n ml pinecone.io/api-key=true");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "team=ml,pinecone.io/api-key==true | kubectl label secret pinecone -n ml team=ml"
            + " pinecone.io/api-key=true",
        "env in (prod) | label it to match the operator's SECRET_LABEL_SELECTOR (env in (prod))",
      })
  void theLabelInstructionFollowsTheOperatorsSelector(String selector, String instruction) {
    var resolver = new ApiKeyResolver((ns, name, key) -> new SecretLookup.NotSelected(), selector);
    assertThat(resolver.labelInstruction("ml", "pinecone")).isEqualTo(instruction);
  }

  @Test
  void aMissingOrEmptyKeyIsSecretKeyNotFound() {
    var empty = TestResources.apiKeySecret("pinecone", "apiKey", " ");
    var other = TestResources.apiKeySecret("pinecone", "token", KEY);
    var cr = TestResources.pineconeImport("x", "h.pinecone.io", "1");
    assertThat(over(empty).resolve(cr, HOST).problem().reason())
        .isEqualTo(Reason.SecretKeyNotFound);
    var r = over(other).resolve(cr, HOST);
    assertThat(r.problem().reason()).isEqualTo(Reason.SecretKeyNotFound);
    assertThat(r.problem().message()).doesNotContain(KEY);
  }

  @Test
  void neverReadsASecretFromAnotherNamespace() {
    var elsewhere =
        new SecretBuilder(TestResources.apiKeySecret("pinecone", "apiKey", KEY))
            .editMetadata()
            .withNamespace("other")
            .endMetadata()
            .build();
    assertThat(
            over(elsewhere)
                .resolve(TestResources.pineconeImport("x", "h.pinecone.io", "1"), HOST)
                .problem()
                .reason())
        .isEqualTo(Reason.SecretNotFound);
  }

  @ParameterizedTest(name = "{0} allows {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "idx-abc.svc.aped-4627-b74a.pinecone.io | idx-abc.svc.aped-4627-b74a.pinecone.io | true",
        "IDX-abc.svc.aped-4627-b74a.pinecone.io:443 | idx-abc.svc.aped-4627-b74a.pinecone.io"
            + " | true",
        "*.svc.aped-4627-b74a.pinecone.io | idx-abc.svc.aped-4627-b74a.pinecone.io | true",
        "*.svc.aped-4627-b74a.pinecone.io | idx-abc.svc.other-env.pinecone.io | false",
        "other-abc.svc.aped-4627-b74a.pinecone.io | idx-abc.svc.aped-4627-b74a.pinecone.io"
            + " | false",
        "a.example.com, idx-abc.svc.aped-4627-b74a.pinecone.io | idx-abc.svc.aped-4627-b74a"
            + ".pinecone.io | true",
      })
  void theSecretsOwnerDecidesWhereItsKeyMayGo(String annotation, String host, boolean allowed) {
    var r =
        over(withAllowedHosts(annotation))
            .resolve(TestResources.pineconeImport("x", host, "1"), endpoint(host));
    if (allowed) {
      assertThat(r.problem()).isNull();
      assertThat(r.key()).isEqualTo(new ApiKey(KEY));
    } else {
      assertThat(r.key()).isNull();
      assertThat(r.problem().reason()).isEqualTo(Reason.HostNotAllowed);
      assertThat(r.problem().message())
          .contains("pinecone.io/allowed-hosts annotation of Secret ml/pinecone")
          .contains("allowed by the operator's PINECONE_ALLOWED_HOSTS but not by")
          .doesNotContain(KEY);
    }
  }

  @Test
  void aMalformedAllowedHostsAnnotationSendsTheKeyNowhere() {
    var r =
        over(withAllowedHosts("*.io")).resolve(TestResources.pineconeImport("x", "h", "1"), HOST);
    assertThat(r.key()).isNull();
    assertThat(r.problem().reason()).isEqualTo(Reason.HostNotAllowed);
    assertThat(r.problem().message())
        .contains("pinecone.io/allowed-hosts annotation of Secret ml/pinecone")
        .contains("'*.io'");
  }
}
