package io.github.pineconeimport.bench;

import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.pinecone.BulkImport;
import java.time.Duration;

/**
 * Pure: the life every benchmarked import follows, counted in poll intervals so that the same
 * profile means the same number of polls at any {@code --poll}, and what an ideal poller pays for
 * it. Every {@code failEvery}-th import fails instead of completing.
 *
 * @param quietPolls how long to keep watching after every import has ended
 */
public record Profile(
    Duration poll,
    int pendingPolls,
    int runningPolls,
    int steps,
    int indexingPolls,
    int quietPolls,
    int failEvery) {

  static final long RECORDS = 1_000_000;
  static final String FAILURE = "Invalid parquet file: part-00042.parquet row 17";

  public Profile {
    if (poll.toMillis() < 1000 || poll.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(
          "--poll must be whole seconds, at least 1s (spec.pollInterval allows nothing finer)");
    }
    if (pendingPolls < 1
        || runningPolls < steps
        || steps < 1
        || indexingPolls < 1
        || quietPolls < 1) {
      throw new IllegalArgumentException("a profile needs every stretch at least one poll long");
    }
  }

  /**
   * Pending 4 polls; progress in 5 steps that change every 2 polls; 12 polls at 100% while Pinecone
   * indexes; then Completed, one in ten Failed; then 10 quiet polls.
   */
  public static Profile realistic(Duration poll) {
    return new Profile(poll, 4, 10, 5, 12, 10, 10);
  }

  /** The same shape, shortened for the smoke test: 7 polls of life, 2 quiet. */
  public static Profile smoke() {
    return new Profile(Duration.ofSeconds(1), 1, 4, 2, 2, 2, 5);
  }

  public boolean fails(int index) {
    return failEvery > 0 && index % failEvery == failEvery - 1;
  }

  /**
   * How much longer import {@code index} stays Pending than the whole polls of the profile: a
   * spread over one poll interval (golden-ratio steps), so that the fake's changes do not all fall
   * just before a poller's tick, as they would if every life started in step with it.
   */
  public Duration offset(int index) {
    double fraction = (index * 0.6180339887498949) % 1.0;
    return Duration.ofMillis((long) (fraction * poll.toMillis()));
  }

  public ImportScript script(int index) {
    var script =
        new ImportScript(
            poll.multipliedBy(pendingPolls).plus(offset(index)),
            poll.multipliedBy(runningPolls),
            poll.multipliedBy(indexingPolls),
            steps,
            RECORDS,
            BulkImport.COMPLETED,
            null);
    return fails(index) ? script.failingWith(FAILURE) : script;
  }

  public Duration life(int index) {
    return poll.multipliedBy((long) pendingPolls + runningPolls + indexingPolls)
        .plus(offset(index));
  }

  public Duration quiet() {
    return poll.multipliedBy(quietPolls);
  }

  /**
   * Requests an ideal poller makes for one import: one per poll from the first poll until the first
   * look that sees the end (polls at 0, p, 2p, ... up to the first at or after the end), none
   * after.
   */
  public long idealRequests(int index) {
    long p = poll.toMillis();
    return (life(index).toMillis() + p - 1) / p + 1;
  }

  /** {@link #idealRequests(int)} summed over imports 0 to n - 1. */
  public long idealRequests(int from, int to) {
    long sum = 0;
    for (int i = from; i < to; i++) {
      sum += idealRequests(i);
    }
    return sum;
  }

  /** Distinct states a poller that misses none sees: Pending, each step, 100 %, the outcome. */
  public int visibleChanges() {
    return states();
  }

  /** Transitions that deserve an event: the one into Completed or Failed. */
  public int transitions() {
    return 1;
  }

  public int states() {
    return steps + 3;
  }

  public int terminalState() {
    return steps + 2;
  }

  /** When state {@code state} begins, as time since import {@code index} was created. */
  public Duration changeOffset(int index, int state) {
    long pending = poll.toMillis() * pendingPolls + offset(index).toMillis();
    long running = poll.toMillis() * runningPolls;
    if (state == 0) {
      return Duration.ZERO;
    }
    if (state <= steps) {
      // ImportScript moves to step j once elapsed * steps / running reaches j
      long j = state - 1L;
      return Duration.ofMillis(pending + (j * running + steps - 1) / steps);
    }
    if (state == steps + 1) {
      return Duration.ofMillis(pending + running);
    }
    return life(index);
  }

  /** Which state a status shows, or -1 when it shows none of the profile's states. */
  public int stateOf(PineconeImportStatus status) {
    if (status == null || status.getPhase() == null) {
      return -1;
    }
    return switch (status.getPhase()) {
      case BulkImport.PENDING -> 0;
      case BulkImport.IN_PROGRESS -> {
        Double pct = status.getPercentComplete();
        if (pct == null) {
          yield -1;
        }
        yield pct >= 100.0 ? steps + 1 : 1 + (int) Math.round(pct * steps / 100.0);
      }
      case BulkImport.COMPLETED, BulkImport.FAILED -> terminalState();
      default -> -1;
    };
  }
}
