package io.github.pineconeimport.status;

import java.util.List;

/**
 * Which one of the three kstatus conditions is True: a resource is ready, still being reconciled,
 * or stalled until a person acts; the other two are False. A suspended resource has all three
 * False: nothing is being done, and nothing is wrong.
 */
public enum Health {
  READY,
  RECONCILING,
  STALLED,
  SUSPENDED;

  /** The healths that each have a condition of their own. */
  public static final List<Health> WITH_CONDITION = List.of(READY, RECONCILING, STALLED);

  /** The health of a reason that describes a problem. */
  public static Health of(Reason problem) {
    return problem.needsUser() ? STALLED : RECONCILING;
  }
}
