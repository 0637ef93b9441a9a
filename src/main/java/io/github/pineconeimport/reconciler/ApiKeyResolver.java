package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.SecretKeyRef;
import io.github.pineconeimport.pinecone.ApiKey;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Finds the API key a PineconeImport points at, in its own namespace only. Reads Secrets from the
 * informer cache (no API call per poll) and never logs or returns the value in a message.
 */
public class ApiKeyResolver {

  /** Exactly one of key and problem is set. */
  public record Result(ApiKey key, Problem problem) {}

  private final BiFunction<String, String, Optional<Secret>> secrets;
  private final String labelSelector;

  /**
   * @param secrets (namespace, name) to the Secret, if it exists
   */
  public ApiKeyResolver(BiFunction<String, String, Optional<Secret>> secrets) {
    this(secrets, "");
  }

  /**
   * @param labelSelector the operator's SECRET_LABEL_SELECTOR (empty when unset): a Secret without
   *     these labels is invisible to it, and the message says so
   */
  public ApiKeyResolver(
      BiFunction<String, String, Optional<Secret>> secrets, String labelSelector) {
    this.secrets = secrets;
    this.labelSelector = labelSelector;
  }

  public Result resolve(PineconeImport resource) {
    String namespace = resource.getMetadata().getNamespace();
    SecretKeyRef ref = resource.getSpec().getApiKeySecretRef();
    if (ref == null || ref.getName() == null || ref.getName().isBlank()) {
      return problem(
          Reason.InvalidSpec,
          "spec.apiKeySecretRef.name is required: name the Secret that holds the Pinecone API key");
    }
    String key = ref.effectiveKey();
    Optional<Secret> secret = secrets.apply(namespace, ref.getName());
    if (secret.isEmpty()) {
      return problem(
          Reason.SecretNotFound,
          "Secret "
              + namespace
              + "/"
              + ref.getName()
              + " not found; create it with the Pinecone"
              + " API key under key '"
              + key
              + "'"
              + (labelSelector.isEmpty()
                  ? ""
                  : " and the labels "
                      + labelSelector
                      + " (the operator's SECRET_LABEL_SELECTOR:"
                      + " it reads no other Secret)"));
    }
    Optional<String> value = read(secret.get(), key);
    if (value.isEmpty()) {
      return problem(
          Reason.SecretKeyNotFound,
          "Secret "
              + namespace
              + "/"
              + ref.getName()
              + " has no non-empty key '"
              + key
              + "'; add the Pinecone API key under that key or set spec.apiKeySecretRef.key");
    }
    return new Result(new ApiKey(value.get()), null);
  }

  private static Optional<String> read(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(secret.getData().get(key).strip()),
                StandardCharsets.UTF_8);
        return decoded.isBlank() ? Optional.empty() : Optional.of(decoded);
      } catch (IllegalArgumentException notBase64) {
        return Optional.empty();
      }
    }
    // stringData is write-only on a real API server; a test server may keep it as written
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      String plain = secret.getStringData().get(key);
      return plain.isBlank() ? Optional.empty() : Optional.of(plain);
    }
    return Optional.empty();
  }

  private static Result problem(Reason reason, String message) {
    return new Result(null, new Problem(reason, message));
  }
}
