package io.github.pineconeimport.reconciler;

import java.time.Duration;

/**
 * Whether the operator is in touch with the API server, and when to catch up. Pure: the inputs are
 * what the informers report and whether a probe got an answer.
 *
 * <p>While the API server is away, every status write fails and JOSDK's retry backoff grows (to
 * minutes after a long outage). When it answers again, waiting out that backoff would leave imports
 * that finished meanwhile showing stale status; instead every import is polled at once, right away.
 * A watch that merely reconnects (it expired, the server was never away) needs no catch-up: the
 * informer's relist delivers what changed.
 *
 * <p>Informers alone do not tell an API server that stopped answering with its connections still
 * open (a hung server, a cut network): their watches look connected, with nothing coming. So the
 * server is also probed now and then while they look connected, and a probe without an answer means
 * away, whatever the informers say.
 */
public enum ApiServerWatch {
  /** Every informer is connected. */
  CONNECTED,
  /** Informers down, the API server answers: a watch reconnecting. */
  RECONNECTING,
  /** The API server does not answer. */
  AWAY;

  /** How often the server is probed while every informer looks connected. */
  public static final Duration PROBE_WHILE_CONNECTED = Duration.ofSeconds(5);

  /** What a probe of the API server showed this time. */
  public enum Probe {
    NOT_ASKED,
    ANSWERED,
    NO_ANSWER
  }

  /** What to do next. */
  public record Step(ApiServerWatch state, boolean catchUp) {}

  /**
   * Whether to probe now: always while informers are down or the server was away, otherwise once
   * every {@link #PROBE_WHILE_CONNECTED}.
   */
  public boolean probeNow(boolean informersConnected, Duration sinceLastProbe) {
    return !informersConnected
        || this == AWAY
        || sinceLastProbe.compareTo(PROBE_WHILE_CONNECTED) >= 0;
  }

  /**
   * @param informersConnected every informer is watching
   * @param probe what a probe showed ({@link #probeNow} says when one is due)
   */
  public Step next(boolean informersConnected, Probe probe) {
    boolean answers = probe == Probe.ANSWERED || (probe == Probe.NOT_ASKED && informersConnected);
    if (!answers) {
      return new Step(AWAY, false);
    }
    return new Step(informersConnected ? CONNECTED : RECONNECTING, this == AWAY);
  }
}
