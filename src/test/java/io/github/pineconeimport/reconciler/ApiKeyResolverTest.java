package io.github.pineconeimport.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.github.pineconeimport.pinecone.ApiKey;
import io.github.pineconeimport.status.Reason;
import io.github.pineconeimport.testing.TestResources;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeyResolverTest {

  static ApiKeyResolver over(Secret secret) {
    return new ApiKeyResolver(
        (ns, name) ->
            Optional.ofNullable(secret)
                .filter(
                    s ->
                        s.getMetadata().getName().equals(name)
                            && s.getMetadata().getNamespace().equals(ns)));
  }

  static final String KEY = "pcsk_resolver_test_value";

  @Test
  void readsTheKeyFromData() {
    var r =
        over(TestResources.apiKeySecret("pinecone", "apiKey", KEY))
            .resolve(TestResources.pineconeImport("x", "h.pinecone.io", "1"));
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
    assertThat(over(secret).resolve(cr).key()).isEqualTo(new ApiKey(KEY));
  }

  @Test
  void aMissingSecretSaysWhichAndHowToFixIt() {
    var r = over(null).resolve(TestResources.pineconeImport("x", "h.pinecone.io", "1"));
    assertThat(r.problem().reason()).isEqualTo(Reason.SecretNotFound);
    assertThat(r.problem().message()).contains("ml/pinecone").contains("'apiKey'");
  }

  @Test
  void aMissingOrEmptyKeyIsSecretKeyNotFound() {
    var empty = TestResources.apiKeySecret("pinecone", "apiKey", " ");
    var other = TestResources.apiKeySecret("pinecone", "token", KEY);
    var cr = TestResources.pineconeImport("x", "h.pinecone.io", "1");
    assertThat(over(empty).resolve(cr).problem().reason()).isEqualTo(Reason.SecretKeyNotFound);
    var r = over(other).resolve(cr);
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
                .resolve(TestResources.pineconeImport("x", "h.pinecone.io", "1"))
                .problem()
                .reason())
        .isEqualTo(Reason.SecretNotFound);
  }
}
