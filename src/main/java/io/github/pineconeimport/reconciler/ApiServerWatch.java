package io.github.pineconeimport.reconciler;

/**
 * Whether the operator is in touch with the API server, and when to catch up. Pure: the inputs are
 * what the informers report and whether a probe got an answer.
 *
 * <p>While the API server is away, every status write fails and JOSDK's retry backoff grows (to
 * minutes after a long outage). When it answers again, waiting out that backoff would leave imports
 * that finished meanwhile showing stale status; instead every import is looked at once, right away.
 * A watch that merely reconnects (it expired, the server was never away) needs no catch-up: the
 * informer's relist delivers what changed.
 */
public enum ApiServerWatch {
  /** Every informer is connected. */
  CONNECTED,
  /** Informers down, the API server answers: a watch reconnecting. */
  RECONNECTING,
  /** Informers down and the API server does not answer. */
  AWAY;

  /** What to do next. */
  public record Step(ApiServerWatch state, boolean catchUp) {}

  /**
   * @param informersConnected every informer is watching
   * @param apiServerAnswers a probe got an answer (asked only while informers are down)
   */
  public Step next(boolean informersConnected, boolean apiServerAnswers) {
    if (apiServerAnswers || informersConnected) {
      return new Step(informersConnected ? CONNECTED : RECONNECTING, this == AWAY);
    }
    return new Step(AWAY, false);
  }
}
