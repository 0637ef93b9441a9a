package io.github.pineconeimport.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import io.github.pineconeimport.pinecone.ApiKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** What an import learns about the Secret it names: never more than the one key it asked for. */
public sealed interface SecretLookup {

  /** The annotation with which a Secret's owner limits where its key may be sent. */
  String ALLOWED_HOSTS_ANNOTATION = "pinecone.io/allowed-hosts";

  /** No Secret of that name exists. */
  record NotFound() implements SecretLookup {}

  /**
   * The Secret exists but does not carry the labels the operator's selector asks for, so nothing of
   * it was read, not even its metadata.
   */
  record NotSelected() implements SecretLookup {}

  /**
   * The Secret, as far as an import needs it.
   *
   * @param key the named key's value, decoded; empty when the key is missing, blank or not base64
   * @param allowedHosts its {@value #ALLOWED_HOSTS_ANNOTATION} annotation, if its owner set one
   */
  record Found(Optional<ApiKey> key, Optional<String> allowedHosts) implements SecretLookup {}

  /** The one key of a Secret read from the server, and its owner's host rule. */
  public static Found of(Secret secret, String dataKey) {
    Optional<String> allowedHosts =
        Optional.ofNullable(secret.getMetadata().getAnnotations())
            .map(a -> a.get(ALLOWED_HOSTS_ANNOTATION));
    return new Found(decode(secret, dataKey), allowedHosts);
  }

  private static Optional<ApiKey> decode(Secret secret, String dataKey) {
    if (secret.getData() != null && secret.getData().get(dataKey) != null) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(secret.getData().get(dataKey).strip()),
                StandardCharsets.UTF_8);
        return decoded.isBlank() ? Optional.empty() : Optional.of(new ApiKey(decoded));
      } catch (IllegalArgumentException notBase64) {
        return Optional.empty();
      }
    }
    // stringData is write-only on a real API server; a test server may keep it as written
    if (secret.getStringData() != null && secret.getStringData().get(dataKey) != null) {
      String plain = secret.getStringData().get(dataKey);
      return plain.isBlank() ? Optional.empty() : Optional.of(new ApiKey(plain));
    }
    return Optional.empty();
  }
}
