package io.github.pineconeimport.status;

/**
 * Which one of the three kstatus conditions is True: a resource is ready, still being reconciled,
 * or stalled until a person acts. The other two are False.
 */
public enum Health {
  READY,
  RECONCILING,
  STALLED;

  /** The health of a reason that describes a problem. */
  public static Health of(Reason problem) {
    return problem.needsUser() ? STALLED : RECONCILING;
  }
}
