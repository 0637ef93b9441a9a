package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.events.ImportEventRecorder;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.lifecycle.StartPlan;
import io.github.pineconeimport.observability.OperatorMetrics;
import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.status.ImportEvent;
import io.github.pineconeimport.status.PollSchedule;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Problems;
import io.github.pineconeimport.status.Reason;
import io.github.pineconeimport.status.Timestamps;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PineconeImport being deleted while our finalizer is on it: cancel the import (policy Cancel),
 * then let the resource go. It never hangs: trouble that needs a person (the key is gone, as when
 * its namespace is deleted; the host is no longer allowed; 401, 403, 404) lets go at once, Pinecone
 * trouble after the deletion timeout, each time with a Warning that names the import and says it
 * may still run.
 */
public final class ImportDeletion {

  private static final Logger log = LoggerFactory.getLogger(ImportDeletion.class);

  private final PineconeClient pinecone;
  private final StartPlan plan;
  private final PollSchedule schedule;
  private final ImportFinder finder;
  private final ImportEventRecorder events;
  private final OperatorMetrics metrics;
  private final PineconeAccess pineconeAccess;
  private final ImportMemory memory;
  private final Duration timeout;
  private final Clock clock;

  public ImportDeletion(
      PineconeClient pinecone,
      StartPlan plan,
      PollSchedule schedule,
      ImportFinder finder,
      ImportEventRecorder events,
      OperatorMetrics metrics,
      PineconeAccess access,
      ImportMemory memory,
      Duration timeout,
      Clock clock) {
    this.pinecone = pinecone;
    this.plan = plan;
    this.schedule = schedule;
    this.finder = finder;
    this.events = events;
    this.metrics = metrics;
    this.pineconeAccess = access;
    this.memory = memory;
    this.timeout = timeout;
    this.clock = clock;
  }

  UpdateControl<PineconeImport> handle(PineconeImport resource, ImportContext context) {
    if (!resource.hasFinalizer(Cleanup.FINALIZER)) {
      return UpdateControl.noUpdate();
    }
    String uid = resource.getMetadata().getUid();
    PineconeAccess.Result access = pineconeAccess.checkForCancel(resource, context);
    if (access.problem() != null && access.problem().reason().secretGone()) {
      // the namespace is going, Secret first: the key this import last used still cancels it
      Optional<PineconeAccess.Granted> last = memory.lastAccess(uid);
      if (last.isPresent()) {
        log.info("Secret gone; cancelling with the key this import last used");
        access = new PineconeAccess.Result(last.get(), null);
      }
    }
    IntSupplier failuresInARow = () -> memory.failed(uid);
    PineconeImportSpec spec = resource.getSpec();
    PineconeImportStatus status = resource.getStatus();
    if (!Cleanup.finalizerNeeded(spec, status)) {
      return release(resource, context, null);
    }
    Instant now = clock.instant();
    String id = resource.trackedImportId();
    if (id == null && status != null && status.getStart() != null) {
      // a start this process made whose ID could not be written (say, a 409 from this deletion)
      id = memory.takeUnrecorded(uid, status.getStart()).orElse(null);
    }
    if (id == null) {
      StartPlan.Step step = plan.decide(spec, status, resource.getMetadata().getGeneration(), now);
      Instant giveUpAt = deletionRequestedAt(resource, now).plus(timeout);
      if (step instanceof StartPlan.WaitUntil w) {
        // a start may be in flight: its import would show in the list only after this; never
        // wait past the deletion timeout, list then
        Instant until = w.at().isBefore(giveUpAt) ? w.at() : giveUpAt;
        if (now.isBefore(until)) {
          return UpdateControl.<PineconeImport>noUpdate()
              .rescheduleAfter(Duration.between(now, until).plusMillis(100));
        }
        step = new StartPlan.ListAndAdopt(status.getStart());
      }
      if (!(step instanceof StartPlan.ListAndAdopt list)) {
        return release(resource, context, null);
      }
      if (access.problem() != null) {
        return release(
            resource,
            context,
            "a start may have reached Pinecone and its import ID"
                + " is unknown ("
                + access.problem().message()
                + ")");
      }
      ImportFinder.Listed found = finder.find(resource, context, access.granted(), list.intent());
      if (found.problem() != null) {
        return retryOrGiveUp(resource, context, "(unknown)", found.problem(), failuresInARow);
      }
      if (!(found.step() instanceof StartPlan.Track t)) {
        return release(resource, context, null); // nothing was started
      }
      id = t.importId();
    }
    if (access.problem() != null) {
      return release(resource, context, notCancelled(id, access.problem().message()));
    }
    try {
      var g = access.granted();
      pinecone.cancel(g.endpoint(), id, g.key(), g.apiVersion());
      log.info("Cancelled import {} before deleting the resource", id);
      return release(resource, context, null);
    } catch (PineconeApiException e) {
      return retryOrGiveUp(
          resource,
          context,
          id,
          Problems.fromApi(
              e, id, spec.getIndexHost(), secretName(spec), access.granted().version()),
          failuresInARow);
    }
  }

  private UpdateControl<PineconeImport> retryOrGiveUp(
      PineconeImport resource,
      ImportContext context,
      String id,
      Problem problem,
      IntSupplier failuresInARow) {
    Instant now = clock.instant();
    Instant requested = deletionRequestedAt(resource, now);
    if (Cleanup.giveUp(problem, requested, now, timeout)) {
      return release(resource, context, notCancelled(id, problem.message()));
    }
    Duration interval = Duration.ofSeconds(1);
    Duration delay = schedule.next(problem, interval, failuresInARow.getAsInt()).orElse(interval);
    Duration left = Duration.between(now, requested.plus(timeout));
    log.info("Cancel on delete failed ({}); trying again in {}", problem.reason(), delay);
    return UpdateControl.<PineconeImport>noUpdate()
        .rescheduleAfter(delay.compareTo(left) < 0 ? delay : left);
  }

  private static String notCancelled(String id, String why) {
    return "import " + id + " was not cancelled (" + why + ")";
  }

  private static Instant deletionRequestedAt(PineconeImport resource, Instant now) {
    return Timestamps.parse(resource.getMetadata().getDeletionTimestamp()).orElse(now);
  }

  /**
   * Removes the finalizer; with a reason, first reports that the import may still run: a Warning on
   * the resource, and where that is refused (a terminating namespace refuses new Events) one in the
   * operator's namespace; a WARN line and a counter in any case, which outlive the namespace.
   */
  private UpdateControl<PineconeImport> release(
      PineconeImport resource, ImportContext context, String whyNotCancelled) {
    if (whyNotCancelled != null) {
      var meta = resource.getMetadata();
      log.warn(
          "PineconeImport {}/{} deleted without cancelling its import (may still run in"
              + " Pinecone): {}",
          meta.getNamespace(),
          meta.getName(),
          whyNotCancelled);
      metrics.onImportNotCancelled();
      var event =
          new ImportEvent(
              ImportEvent.Type.Warning,
              Reason.ImportNotCancelled,
              "Deleted without cancelling: "
                  + whyNotCancelled
                  + "; it may still be running in Pinecone");
      if (!events.record(resource, event)) {
        events.recordInOperatorNamespace(resource, event);
      }
    }
    try {
      Finalizers.remove(context, resource, Cleanup.FINALIZER);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
    memory.forget(resource.getMetadata().getUid());
    return UpdateControl.noUpdate();
  }

  private static String secretName(PineconeImportSpec spec) {
    return spec.getApiKeySecretRef() == null ? "" : spec.getApiKeySecretRef().getName();
  }
}
