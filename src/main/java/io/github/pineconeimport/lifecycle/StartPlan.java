package io.github.pineconeimport.lifecycle;

import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.api.v1alpha1.StartIntent;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.status.Conditions;
import io.github.pineconeimport.status.Reason;
import io.github.pineconeimport.status.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Pure: how to get from a spec with {@code source} to exactly one import in Pinecone, over an API
 * without idempotency keys. The rules, in order:
 *
 * <pre>
 * spec.importId known                             Track(id)
 * spec.rerun new, the current run over, no cancel WriteIntent(1, new run)
 * status.importId known                           Track(id)
 * no intent, spec.cancel                          CancelledBeforeStart (no call to Pinecone)
 * no intent, a refusal for this generation        Refused (wait for a spec change)
 * no intent                                       WriteIntent(1), then POST if that write wins
 * intent younger than the in-flight window        WaitUntil(requestedAt + window)
 * intent older, or dated ahead beyond the skew     ListAndAdopt
 * after the list: an import that may be ours      Track(adopted id)
 * after the list: none, spec.cancel               CancelledBeforeStart
 * after the list: none                            WriteIntent(attempt + 1)
 * </pre>
 *
 * An intent without an ID means a start may be in flight (this operator before a restart, another
 * replica, or a POST whose answer was lost). The in-flight window is the longest a POST can take on
 * the client's side (connect plus request timeout) plus the clock-skew allowance: past it, an
 * accepted start normally shows in the list, so the list is the answer. An intent dated further
 * ahead than the skew allowance (a replica's clock ahead, an edited status) is not waited for: it
 * is listed at once. For the same reason the POST itself goes out only while the clock is still
 * within the skew allowance of the intent ({@link #mayPost}): a POST sent later could land after
 * another replica listed at the end of the window, found nothing, and started again.
 */
public final class StartPlan {

  /** What the reconciler should do next. */
  public sealed interface Step {}

  /** Follow this import, as for spec.importId. */
  public record Track(String importId) implements Step {}

  /** Pinecone refused the start for this spec generation; nothing until the spec changes. */
  public record Refused() implements Step {}

  /** spec.cancel before any start: mark the resource Cancelled without calling Pinecone. */
  public record CancelledBeforeStart() implements Step {}

  /**
   * Record this attempt's intent with optimistic concurrency; POST only if that write wins.
   *
   * @param newRun spec.rerun asked for it: the run that ended goes to history first
   */
  public record WriteIntent(int attempt, boolean newRun) implements Step {
    public WriteIntent(int attempt) {
      this(attempt, false);
    }
  }

  /** A start may be in flight; poll again at this time. */
  public record WaitUntil(Instant at) implements Step {}

  /** A start may have happened: list every import and adopt ours, if any. */
  public record ListAndAdopt(StartIntent intent) implements Step {}

  /**
   * @param inFlightWindow how long a POST may still be under way after its intent was recorded
   * @param clockSkew allowance between our clock (intent time) and Pinecone's (createdAt)
   */
  public record Settings(Duration inFlightWindow, Duration clockSkew) {}

  private final Settings settings;

  public StartPlan(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  public Step decide(
      PineconeImportSpec spec, PineconeImportStatus status, Long generation, Instant now) {
    if (spec.getImportId() != null) {
      return new Track(spec.getImportId());
    }
    if (Reruns.due(spec, status)) {
      return new WriteIntent(1, true);
    }
    if (status != null && status.getImportId() != null) {
      return new Track(status.getImportId());
    }
    StartIntent intent = status == null ? null : status.getStart();
    if (intent == null) {
      if (spec.cancelRequested()) {
        return new CancelledBeforeStart();
      }
      if (refusedFor(status, generation)) {
        return new Refused();
      }
      return new WriteIntent(1);
    }
    Optional<Instant> requested = requestedAt(intent);
    if (requested.isPresent() && !requested.get().isAfter(now.plus(settings.clockSkew()))) {
      Instant settled = requested.get().plus(settings.inFlightWindow());
      if (now.isBefore(settled)) {
        return new WaitUntil(settled);
      }
    }
    return new ListAndAdopt(intent);
  }

  /**
   * Whether the POST for this intent may still go out: only while it would be answered (or time
   * out) within the in-flight window, which is what a replica listing at its end relies on. The
   * intent write and the finalizer patch before it can take long with retries.
   */
  public boolean mayPost(StartIntent intent, Instant now) {
    return requestedAt(intent).map(t -> !now.isAfter(t.plus(settings.clockSkew()))).orElse(false);
  }

  /**
   * After listing every import: the one this resource may have started, else what to do.
   *
   * @param trackedElsewhere import IDs on this index host that this operator started for other
   *     PineconeImports ({@link #startedHere})
   */
  public Step afterList(
      PineconeImportSpec spec,
      StartIntent intent,
      List<BulkImport> listed,
      Set<String> trackedElsewhere) {
    Optional<BulkImport> ours = adoptable(intent, listed, trackedElsewhere);
    if (ours.isPresent()) {
      return new Track(ours.get().id());
    }
    if (spec.cancelRequested()) {
      return new CancelledBeforeStart();
    }
    int attempt = intent.getAttempt() == null ? 1 : intent.getAttempt();
    return new WriteIntent(attempt + 1);
  }

  /**
   * Same uri, created after the intent (less the skew allowance), tracked by no other resource. An
   * import without createdAt counts as a match: adopting a stranger's import is a visible, fixable
   * mistake; a second start is not. The earliest match wins, so two replicas that list the same
   * page pick the same one.
   */
  Optional<BulkImport> adoptable(
      StartIntent intent, List<BulkImport> listed, Set<String> trackedElsewhere) {
    Optional<Instant> since = requestedAt(intent).map(t -> t.minus(settings.clockSkew()));
    return listed.stream()
        .filter(i -> i.id() != null && !trackedElsewhere.contains(i.id()))
        .filter(i -> Objects.equals(i.uri(), intent.getUri()))
        .filter(
            i -> since.isEmpty() || createdAt(i).map(c -> !c.isBefore(since.get())).orElse(true))
        .min(
            Comparator.comparing((BulkImport i) -> createdAt(i).orElse(Instant.MAX))
                .thenComparing(BulkImport::id));
  }

  /**
   * The import this operator started for a resource: a start intent that resolved to an ID, on a
   * resource that starts imports. Only such IDs keep another resource from adopting an import:
   * {@code spec.importId} is written by whoever may create a PineconeImport, and the status of a
   * resource that only follows an ID repeats it, so counting either would let one tenant name
   * another's just-started import and make it start a second one.
   */
  public static Optional<String> startedHere(PineconeImportSpec spec, PineconeImportStatus status) {
    if (spec == null || !spec.startsImport() || status == null || status.getStart() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(status.getImportId());
  }

  /** True when the status records that Pinecone refused the start of this very spec. */
  public static boolean refusedFor(PineconeImportStatus status, Long generation) {
    return status != null
        && Conditions.find(status.getConditions(), Conditions.STALLED)
            .filter(c -> Conditions.TRUE.equals(c.getStatus()))
            .filter(c -> Reason.StartRefused.name().equals(c.getReason()))
            .filter(c -> Objects.equals(c.getObservedGeneration(), generation))
            .isPresent();
  }

  static Optional<Instant> requestedAt(StartIntent intent) {
    return Timestamps.parse(intent.getRequestedAt());
  }

  private static Optional<Instant> createdAt(BulkImport i) {
    return Timestamps.parse(i.createdAt());
  }
}
