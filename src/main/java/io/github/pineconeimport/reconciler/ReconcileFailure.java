package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.pineconeimport.pinecone.ApiKey;
import java.net.HttpURLConnection;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An unexpected exception of a reconcile, made safe to show: the API key is redacted from its text
 * and its cause chain is dropped, because JOSDK logs what a reconcile throws and some exceptions
 * quote what they were given (the JDK's HTTP client quotes a header value it refuses). The stack
 * trace is kept for whoever debugs it.
 */
final class ReconcileFailure extends RuntimeException {

  private final boolean conflict;

  private ReconcileFailure(String message, StackTraceElement[] stackTrace, boolean conflict) {
    super(message, null, false, true);
    setStackTrace(stackTrace);
    this.conflict = conflict;
  }

  /**
   * False for a 409 from the API server: someone wrote the resource after we read it, and the
   * retry, working from the new version, writes the status that matters. Recording the race would
   * be a status write (and its watch event) that tells a user nothing.
   */
  boolean belongsInStatus() {
    return !conflict;
  }

  static ReconcileFailure scrubbed(Exception e, Supplier<Optional<ApiKey>> key) {
    // JOSDK hands updateErrorStatus what reconcile threw wrapped in its own exception
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ReconcileFailure already) {
        return already;
      }
    }
    String text = key.get().map(k -> k.redact(describe(e))).orElse(describe(e));
    boolean conflict =
        e instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_CONFLICT;
    return new ReconcileFailure(text, e.getStackTrace(), conflict);
  }

  /** Stable for the same error, so a run of retries does not rewrite status each time. */
  private static String describe(Exception e) {
    if (e instanceof KubernetesClientException k) {
      String reason =
          k.getStatus() == null || k.getStatus().getMessage() == null
              ? ""
              : ": " + k.getStatus().getMessage();
      return "Kubernetes API answered HTTP " + k.getCode() + reason;
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
