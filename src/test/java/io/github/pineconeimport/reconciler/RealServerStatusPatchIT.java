package io.github.pineconeimport.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.lifecycle.StartStatus;
import io.github.pineconeimport.testing.RealKube;
import io.github.pineconeimport.testing.TestResources;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What StatusWrites relies on, decided by the API server: its one-patch status write replaces the
 * status only while the resource is at the version the status was built from. A status built from
 * an older read is refused and the start intent written meanwhile stays.
 */
class RealServerStatusPatchIT {

  final RealKube kube = RealKube.get();

  @Test
  void aStatusBuiltFromAnOlderReadIsRefusedAndTheIntentWrittenSinceStays() {
    String ns = kube.newNamespace("status-patch");
    var client = kube.client();
    var json = client.getKubernetesSerialization();
    var resources = client.resources(PineconeImport.class).inNamespace(ns);
    PineconeImport read =
        resources
            .resource(
                TestResources.startingImport(
                    ns, "guarded", "idx-1.svc.pinecone.io", "s3://bucket/guarded/"))
            .create();
    Instant now = Instant.parse("2026-11-29T12:00:00Z");

    // someone else records a start intent after our read
    PineconeImport withIntent =
        resources
            .withName("guarded")
            .subresource("status")
            .patch(
                PatchContext.of(PatchType.JSON),
                StatusWrites.guardedPatch(
                    json,
                    read.getMetadata().getResourceVersion(),
                    StartStatus.starting(
                        null, StartStatus.intent("s3://bucket/guarded/", 1, now), 1L, now)));
    assertThat(withIntent.getStatus().getStart().getAttempt()).isEqualTo(1);

    // our status, built from the read before the intent, would drop it
    String stale =
        StatusWrites.guardedPatch(
            json,
            read.getMetadata().getResourceVersion(),
            StartStatus.cancelledBeforeStart(null, 1L, now));
    assertThatThrownBy(
            () ->
                resources
                    .withName("guarded")
                    .subresource("status")
                    .patch(PatchContext.of(PatchType.JSON), stale))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(resources.withName("guarded").get().getStatus().getStart())
        .isEqualTo(withIntent.getStatus().getStart());

    // built from the latest version, the same write goes through
    PineconeImport stored =
        resources
            .withName("guarded")
            .subresource("status")
            .patch(
                PatchContext.of(PatchType.JSON),
                StatusWrites.guardedPatch(
                    json,
                    withIntent.getMetadata().getResourceVersion(),
                    StartStatus.started(withIntent.getStatus(), "4711", 1L, now)));
    assertThat(stored.getStatus().getImportId()).isEqualTo("4711");
    assertThat(stored.getStatus().getStart()).isEqualTo(withIntent.getStatus().getStart());
  }
}
