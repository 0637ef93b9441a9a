package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.SecretKeyRef;
import io.github.pineconeimport.pinecone.ApiKey;
import io.github.pineconeimport.pinecone.HostPolicy;
import io.github.pineconeimport.pinecone.IndexEndpoint;
import io.github.pineconeimport.secrets.SecretLookup;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the API key a PineconeImport points at, in its own namespace only, and checks that the
 * Secret's owner lets it go to this host ({@value SecretLookup#ALLOWED_HOSTS_ANNOTATION}). Pure
 * given the lookup; never puts the value in a message.
 */
public class ApiKeyResolver {

  /** Exactly one of key and problem is set. */
  public record Result(ApiKey key, Problem problem) {}

  /** (namespace, Secret name, key in it) to what the operator may know of that key. */
  @FunctionalInterface
  public interface Secrets {
    SecretLookup lookup(String namespace, String name, String dataKey);
  }

  private final Secrets secrets;
  private final String labelSelector;

  /**
   * @param labelSelector the operator's SECRET_LABEL_SELECTOR (empty when it reads every Secret): a
   *     Secret without these labels is not used, and the message says how to label it
   */
  public ApiKeyResolver(Secrets secrets, String labelSelector) {
    this.secrets = secrets;
    this.labelSelector = labelSelector;
  }

  /**
   * @param endpoint where the key would go, already allowed by the operator's allowlist
   */
  public Result resolve(PineconeImport resource, IndexEndpoint endpoint) {
    String namespace = resource.getMetadata().getNamespace();
    SecretKeyRef ref = resource.getSpec().getApiKeySecretRef();
    if (ref == null || ref.getName() == null || ref.getName().isBlank()) {
      return problem(
          Reason.InvalidSpec,
          "spec.apiKeySecretRef.name is required: name the Secret that holds the Pinecone API key");
    }
    String key = ref.effectiveKey();
    String secret = namespace + "/" + ref.getName();
    SecretLookup lookup = secrets.lookup(namespace, ref.getName(), key);
    if (lookup instanceof SecretLookup.NotFound) {
      return problem(
          Reason.SecretNotFound,
          "Secret "
              + secret
              + " not found; create it with the Pinecone API key under key '"
              + key
              + "'"
              + (labelSelector.isEmpty()
                  ? ""
                  : " and the labels "
                      + labelSelector
                      + " (the operator's SECRET_LABEL_SELECTOR: it reads no other Secret)"));
    }
    if (lookup instanceof SecretLookup.NotSelected) {
      return problem(
          Reason.SecretNotLabelled,
          "Secret "
              + secret
              + " is not labelled for imports, so the operator did not read it; if it holds a"
              + " Pinecone API key meant for imports, its owner opts it in: "
              + labelInstruction(namespace, ref.getName()));
    }
    SecretLookup.Found found = (SecretLookup.Found) lookup;
    if (found.key().isEmpty()) {
      return problem(
          Reason.SecretKeyNotFound,
          "Secret "
              + secret
              + " has no non-empty key '"
              + key
              + "'; add the Pinecone API key under that key or set spec.apiKeySecretRef.key");
    }
    return allowedBySecret(found, secret, endpoint);
  }

  /** The Secret's owner may narrow where its key goes; the operator's allowlist still applies. */
  private static Result allowedBySecret(
      SecretLookup.Found found, String secret, IndexEndpoint endpoint) {
    if (found.allowedHosts().isEmpty()) {
      return new Result(found.key().orElseThrow(), null);
    }
    String source =
        "the " + SecretLookup.ALLOWED_HOSTS_ANNOTATION + " annotation of Secret " + secret;
    HostPolicy owners;
    try {
      owners = HostPolicy.parse(found.allowedHosts().get(), source);
    } catch (IllegalArgumentException malformed) {
      return problem(
          Reason.HostNotAllowed,
          malformed.getMessage() + "; the key goes nowhere until it is fixed; no request was sent");
    }
    if (!owners.names(endpoint)) {
      return problem(
          Reason.HostNotAllowed,
          "index host '"
              + endpoint.key()
              + "' is allowed by the operator's PINECONE_ALLOWED_HOSTS but not by "
              + source
              + " ("
              + owners
              + "); the Secret's owner decides where its key may go; no request was sent");
    }
    return new Result(found.key().orElseThrow(), null);
  }

  private static final Pattern EQUALITY =
      Pattern.compile("([A-Za-z0-9./_-]+)\\s*==?\\s*([A-Za-z0-9._-]*)");

  /**
   * The exact {@code kubectl label} command when the selector is a list of key=value terms (the
   * default is one), else the selector to match.
   */
  String labelInstruction(String namespace, String name) {
    List<String> labels = new ArrayList<>();
    for (String term : labelSelector.split(",")) {
      Matcher m = EQUALITY.matcher(term.strip());
      if (!m.matches()) {
        return "label it to match the operator's SECRET_LABEL_SELECTOR (" + labelSelector + ")";
      }
      labels.add(m.group(1) + "=" + m.group(2));
    }
    return "kubectl label secret " + name + " -n " + namespace + " " + String.join(" ", labels);
  }

  private static Result problem(Reason reason, String message) {
    return new Result(null, new Problem(reason, message));
  }
}
