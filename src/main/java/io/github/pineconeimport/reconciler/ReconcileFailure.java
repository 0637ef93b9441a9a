package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.pineconeimport.pinecone.ApiKey;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An unexpected exception of a reconcile, made safe to show: the API key is redacted from its
 * text and its cause chain is dropped, because JOSDK logs what a reconcile throws and some
 * exceptions quote what they were given (the JDK's HTTP client quotes a header value it refuses).
 * The stack trace is kept for whoever debugs it.
 */
final class ReconcileFailure extends RuntimeException {

  private ReconcileFailure(String message, StackTraceElement[] stackTrace) {
    super(message, null, false, true);
    setStackTrace(stackTrace);
  }

  static ReconcileFailure scrubbed(Exception e, Supplier<Optional<ApiKey>> key) {
    if (e instanceof ReconcileFailure already) {
      return already;
    }
    String text = key.get().map(k -> k.redact(describe(e))).orElse(describe(e));
    return new ReconcileFailure(text, e.getStackTrace());
  }

  /** Stable for the same error, so a run of retries does not rewrite status each time. */
  private static String describe(Exception e) {
    if (e instanceof KubernetesClientException k) {
      String reason = k.getStatus() == null || k.getStatus().getMessage() == null
          ? "" : ": " + k.getStatus().getMessage();
      return "Kubernetes API answered HTTP " + k.getCode() + reason;
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
