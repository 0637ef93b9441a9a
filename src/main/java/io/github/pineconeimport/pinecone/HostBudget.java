package io.github.pineconeimport.pinecone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request budget per index host, shared by every import that targets it: requests are paced at
 * the host's rate (a short burst allowed), at most {@code maxInFlight} are on the wire at once, and
 * a 429 halves the rate, which then grows back by a fixed step per second (AIMD).
 *
 * <p>It never blocks: {@link #admit} either lets a request go now or books that import a slot later
 * and says how long to wait, so the caller reschedules instead of holding a reconcile thread.
 * Booked slots are spaced at the rate, so thousands of imports that all want to poll at once (a
 * restart) are spread out instead of retrying in a herd. A host that is slow or throttling only
 * delays its own imports; no other host's budget or thread is touched.
 */
public final class HostBudget {

  /**
   * @param requestsPerSecond the rate a host starts at and grows back to
   * @param burst requests that may go back to back before pacing starts
   * @param minRequestsPerSecond the floor a run of 429s cannot push the rate below
   * @param increasePerSecond how much rate a host regains per second after a 429
   * @param maxInFlight requests to one host on the wire at once
   */
  public record Settings(
      double requestsPerSecond,
      int burst,
      double minRequestsPerSecond,
      double increasePerSecond,
      int maxInFlight) {

    public Settings {
      if (!(requestsPerSecond > 0)
          || burst < 1
          || !(minRequestsPerSecond > 0)
          || minRequestsPerSecond > requestsPerSecond
          || increasePerSecond < 0
          || maxInFlight < 1) {
        throw new IllegalArgumentException("invalid host budget " + requestsPerSecond + "/s");
      }
    }

    /** The defaults for a rate: bursts of a tenth of a second, floor 1/s, back to full in ~50 s. */
    public static Settings of(double requestsPerSecond, int maxInFlight) {
      return new Settings(
          requestsPerSecond,
          Math.max(1, (int) (requestsPerSecond / 10)),
          Math.min(1, requestsPerSecond),
          requestsPerSecond / 50,
          maxInFlight);
    }
  }

  /** What {@link #admit} decided. */
  public sealed interface Admission {
    /** Send now; close the permit once the answer is in. */
    record Go(Permit permit) implements Admission {}

    /** Come back after {@code delay}: a slot is booked for this import then. */
    record Wait(Duration delay) implements Admission {}
  }

  /** A request on the wire; closing it frees its place. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /** A 429 halves the rate at most once per this window: the answers to requests already sent. */
  static final double DECREASE_WINDOW_SECONDS = 1.0;

  /**
   * A slot this close is due: timers wake a little early, and an early wake must not cost a turn.
   */
  static final double DUE_SECONDS = 0.001;

  private final Settings settings;
  private final Clock clock;
  private final Instant origin;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  public HostBudget(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.origin = clock.instant();
  }

  public Settings settings() {
    return settings;
  }

  /** May import {@code importKey} send a request to {@code host} now? */
  public Admission admit(String host, String importKey) {
    return lane(host).admit(importKey, seconds());
  }

  /** The host answered 429: halve its rate (once per window), then let it grow back. */
  public void throttled(String host) {
    lane(host).throttled(seconds());
  }

  /** Drops a booking the import will not use (it ended, or was deleted). */
  public void forget(String importKey) {
    lanes.values().forEach(l -> l.forget(importKey));
  }

  /** The host's rate now, requests per second. */
  public double rate(String host) {
    return lane(host).rate(seconds());
  }

  private Lane lane(String host) {
    return lanes.computeIfAbsent(host, h -> new Lane(seconds()));
  }

  private double seconds() {
    // from the budget's creation, so a double keeps sub-microsecond precision
    Duration since = Duration.between(origin, clock.instant());
    return since.getSeconds() + since.getNano() / 1e9;
  }

  /** One host's budget: GCRA pacing ("theoretical arrival time"), bookings, AIMD rate. */
  private final class Lane {
    private double rate = settings.requestsPerSecond();
    private double nextFree;
    private double lastIncrease;
    private double lastDecrease = Double.NEGATIVE_INFINITY;
    private int inFlight;
    private final Map<String, Double> booked = new HashMap<>();

    Lane(double now) {
      nextFree = now;
      lastIncrease = now;
    }

    synchronized Admission admit(String importKey, double now) {
      grow(now);
      Double slot = booked.remove(importKey);
      if (slot != null && slot - now > DUE_SECONDS) {
        booked.put(importKey, slot);
        return new Admission.Wait(duration(slot - now));
      }
      double interval = 1 / rate;
      // GCRA: up to `burst` back to back, then one per interval
      double tolerance = (settings.burst() - 1) * interval;
      // a booked import whose slot has come goes; a new one goes while the pace allows
      boolean paced = slot != null || nextFree - now <= tolerance + 1e-9;
      if (paced && inFlight < settings.maxInFlight()) {
        if (slot == null) {
          nextFree = Math.max(nextFree, now) + interval;
        }
        inFlight++;
        return new Admission.Go(this::release);
      }
      double at = Math.max(nextFree - tolerance, now + interval);
      nextFree = Math.max(nextFree, now) + interval;
      booked.put(importKey, at);
      return new Admission.Wait(duration(at - now));
    }

    private synchronized void release() {
      inFlight--;
    }

    synchronized void throttled(double now) {
      grow(now);
      if (now - lastDecrease >= DECREASE_WINDOW_SECONDS) {
        rate = Math.max(settings.minRequestsPerSecond(), rate / 2);
        lastDecrease = now;
      }
      lastIncrease = now;
    }

    synchronized void forget(String importKey) {
      booked.remove(importKey);
    }

    synchronized double rate(double now) {
      grow(now);
      return rate;
    }

    private void grow(double now) {
      if (now > lastIncrease) {
        rate =
            Math.min(
                settings.requestsPerSecond(),
                rate + settings.increasePerSecond() * (now - lastIncrease));
        lastIncrease = now;
      }
    }
  }

  private static Duration duration(double seconds) {
    // whole milliseconds, rounded up: schedulers work in them, and rounding down wakes too early
    return Duration.ofMillis(Math.max(1, (long) Math.ceil(seconds * 1000 - 1e-6)));
  }
}
