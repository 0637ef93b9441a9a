package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.events.ImportEventRecorder;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.lifecycle.StartPlan;
import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.status.ImportEvent;
import io.github.pineconeimport.status.PollSchedule;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Problems;
import io.github.pineconeimport.status.Reason;
import io.github.pineconeimport.status.Timestamps;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
  private final Duration timeout;
  private final Clock clock;

  public ImportDeletion(
      PineconeClient pinecone,
      StartPlan plan,
      PollSchedule schedule,
      ImportFinder finder,
      ImportEventRecorder events,
      Duration timeout,
      Clock clock) {
    this.pinecone = pinecone;
    this.plan = plan;
    this.schedule = schedule;
    this.finder = finder;
    this.events = events;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * @param failuresInARow counts this failure and returns the transient failures in a row
   */
  UpdateControl<PineconeImport> handle(
      PineconeImport resource,
      ImportContext context,
      PineconeAccess.Result access,
      java.util.function.IntSupplier failuresInARow) {
    if (!resource.hasFinalizer(Cleanup.FINALIZER)) {
      return UpdateControl.noUpdate();
    }
    PineconeImportSpec spec = resource.getSpec();
    PineconeImportStatus status = resource.getStatus();
    if (!Cleanup.finalizerNeeded(spec, status)) {
      return release(resource, context, null);
    }
    Instant now = clock.instant();
    String id = resource.trackedImportId();
    if (id == null) {
      StartPlan.Step step = plan.decide(spec, status, resource.getMetadata().getGeneration(), now);
      if (step instanceof StartPlan.WaitUntil w) {
        // a start may be in flight: its import would show in the list only after this
        return UpdateControl.<PineconeImport>noUpdate()
            .rescheduleAfter(Duration.between(now, w.at()).plusMillis(100));
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
      java.util.function.IntSupplier failuresInARow) {
    Instant now = clock.instant();
    Instant requested = Timestamps.parse(resource.getMetadata().getDeletionTimestamp()).orElse(now);
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

  /** Removes the finalizer; with a reason, first a Warning that the import may still run. */
  private UpdateControl<PineconeImport> release(
      PineconeImport resource, ImportContext context, String whyNotCancelled) {
    if (whyNotCancelled != null) {
      events.record(
          resource,
          new ImportEvent(
              ImportEvent.Type.Warning,
              Reason.ImportNotCancelled,
              "Deleted without cancelling: "
                  + whyNotCancelled
                  + "; it may still be running in Pinecone"));
    }
    PrimaryUpdateAndCacheUtils.removeFinalizer(context.client(), resource, Cleanup.FINALIZER);
    return UpdateControl.noUpdate();
  }

  private static String secretName(PineconeImportSpec spec) {
    return spec.getApiKeySecretRef() == null ? "" : spec.getApiKeySecretRef().getName();
  }
}
