package io.github.pineconeimport.status;

/** One Kubernetes event to raise for a transition. */
public record ImportEvent(Type type, Reason reason, String message) {

  /** Kubernetes event types. */
  public enum Type {
    Normal,
    Warning
  }
}
