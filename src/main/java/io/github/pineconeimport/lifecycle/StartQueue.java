package io.github.pineconeimport.lifecycle;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Pure: the start queue of one index host, when MAX_RUNNING_IMPORTS_PER_INDEX caps how many imports
 * run on it. Resources waiting to start go first in, first out, by creation time (then name, then
 * namespace); a start goes ahead only while the running imports plus the waiting ones ahead of it
 * stay under the cap. The queue decides before the start intent is written, so the rules of
 * starting exactly once are unchanged.
 */
public final class StartQueue {

  /** The phase of a resource waiting in the queue: no import exists for it yet. */
  public static final String QUEUED = "Queued";

  /** A resource that would start now if the cap allowed it. */
  public record Candidate(String uid, Instant createdAt, String namespace, String name) {}

  /** The answer for one resource. */
  public sealed interface Admission {}

  /** Start now. */
  public record Go() implements Admission {}

  /**
   * Wait.
   *
   * @param position 1 for the next to start
   * @param waiting how many wait on this host
   * @param running how many imports run on it now
   */
  public record Wait(int position, int waiting, int running) implements Admission {}

  static final Comparator<Candidate> FIRST_IN =
      Comparator.comparing(Candidate::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(Candidate::name)
          .thenComparing(Candidate::namespace);

  private StartQueue() {}

  /**
   * @param cap at most this many imports run on the host at once
   * @param running imports running on the host: the larger of what Pinecone last listed and what
   *     this cluster has started and not seen end
   * @param waiting every resource waiting to start on the host, this one included
   */
  public static Admission admit(int cap, int running, List<Candidate> waiting, String uid) {
    List<Candidate> ordered = waiting.stream().sorted(FIRST_IN).toList();
    int position = 1;
    for (Candidate c : ordered) {
      if (c.uid().equals(uid)) {
        break;
      }
      position++;
    }
    return running + position <= cap
        ? new Go()
        : new Wait(position - Math.max(0, cap - running), ordered.size(), running);
  }
}
