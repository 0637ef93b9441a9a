package io.github.pineconeimport.fake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when told, so a fake import's life can be stepped through exactly; or,
 * after {@link #followRealTime}, one that runs with a real clock and still jumps when told, for
 * fakes whose timestamps the operator compares with its own clock (an import's createdAt against
 * the time a start was recorded).
 */
public final class ManualClock extends Clock {

  private volatile Instant now;
  private volatile Clock real;
  private volatile Duration ahead = Duration.ZERO;

  public ManualClock(Instant start) {
    this.now = start;
  }

  /** From now on the clock runs with {@code realClock}, from its current reading. */
  public synchronized void followRealTime(Clock realClock) {
    this.real = realClock;
    this.ahead = Duration.ZERO;
  }

  public synchronized void advance(Duration d) {
    if (real == null) {
      now = now.plus(d);
    } else {
      ahead = ahead.plus(d);
    }
  }

  public synchronized void set(Instant instant) {
    if (real == null) {
      now = instant;
    } else {
      ahead = Duration.between(real.instant(), instant);
    }
  }

  @Override
  public Instant instant() {
    Clock r = real;
    return r == null ? now : r.instant().plus(ahead);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
