package io.github.pineconeimport.status;

import io.github.pineconeimport.pinecone.BulkImport;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Pure: when to poll again. Running imports are polled at the spec's interval, plus a little jitter
 * (up to 2 % of it, at most half a second) so that imports that started together drift apart
 * instead of polling in lockstep forever; transient trouble backs off exponentially with jitter
 * (never below Retry-After, never above the cap, never giving up); problems that need a person are
 * retried slowly; finished imports are never polled again.
 */
public final class PollSchedule {

  static final Duration MAX_POLL_JITTER = Duration.ofMillis(500);

  private final Duration maxBackoff;
  private final Duration stalledRetry;
  private final RandomGenerator random;

  public PollSchedule(Duration maxBackoff, Duration stalledRetry, RandomGenerator random) {
    this.maxBackoff = maxBackoff;
    this.stalledRetry = stalledRetry;
    this.random = random;
  }

  /**
   * @param consecutiveFailures transient failures in a row, this one included (1 on the first)
   * @return empty when the import has ended and nothing should be scheduled
   */
  public Optional<Duration> next(
      Observation observation, Duration pollInterval, int consecutiveFailures) {
    if (observation instanceof Observation.Described d) {
      return BulkImport.isTerminal(d.bulkImport().status())
          ? Optional.empty()
          : Optional.of(pollInterval.plus(pollJitter(pollInterval)));
    }
    Problem problem = (Problem) observation;
    if (problem.needsUser()) {
      // +-10% so that many resources broken by one bad Secret do not retry in lockstep
      return Optional.of(jitter(stalledRetry, 0.9, 1.1));
    }
    return Optional.of(
        backoff(pollInterval, consecutiveFailures, problem.retryAfterHint().orElse(null)));
  }

  /** Only ever later, never earlier: a poll never comes sooner than the interval asked for. */
  static Duration maxPollJitter(Duration pollInterval) {
    Duration twoPercent = pollInterval.dividedBy(50);
    return twoPercent.compareTo(MAX_POLL_JITTER) > 0 ? MAX_POLL_JITTER : twoPercent;
  }

  private Duration pollJitter(Duration pollInterval) {
    long most = maxPollJitter(pollInterval).toMillis();
    return Duration.ofMillis(Math.round(most * random.nextDouble()));
  }

  Duration backoff(Duration pollInterval, int failures, Duration retryAfter) {
    int shift = Math.max(0, Math.min(failures - 1, 30));
    Duration exp = pollInterval.multipliedBy(1L << shift);
    if (exp.compareTo(maxBackoff) > 0 || exp.isNegative()) {
      exp = maxBackoff;
    }
    // "equal jitter": half fixed, half random, so the delay never collapses to zero
    Duration delay = jitter(exp, 0.5, 1.0);
    if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
      delay = retryAfter;
    }
    return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
  }

  private Duration jitter(Duration base, double low, double high) {
    double factor = low + (high - low) * random.nextDouble();
    return Duration.ofMillis(Math.round(base.toMillis() * factor));
  }
}
