package io.github.pineconeimport.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.fake.FakeKubernetes;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.testing.TestResources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our finalizer on and off while someone else writes the resource (a user's label, the garbage
 * collector's foreground finalizer): the write never clobbers theirs, and a 409 is followed by a
 * look at the informer cache, never by a GET, which the operator's Role does not grant.
 */
class FinalizersTest {

  static final String OPERATOR = "operator-under-test";
  static final String OTHER = "example.com/other-controller";

  FakeKubernetes kube;
  KubernetesClient operator;
  TestImportContext context;

  @BeforeEach
  void start() {
    kube = FakeKubernetes.start();
    operator = kube.newClient(OPERATOR);
    // the cache: a list of the imports, as the informer holds them
    context = new TestImportContext(operator);
  }

  @AfterEach
  void stop() {
    operator.close();
    kube.close();
  }

  @Test
  void aConflictingLabelEditKeepsTheLabelAndAddsTheFinalizerWithoutAGet() {
    PineconeImport read = create("products", List.of());
    label("products");

    PineconeImport stored = Finalizers.add(context, read, Cleanup.FINALIZER);

    assertThat(stored.getMetadata().getFinalizers()).containsExactly(Cleanup.FINALIZER);
    assertThat(get("products").getMetadata().getFinalizers()).containsExactly(Cleanup.FINALIZER);
    assertThat(get("products").getMetadata().getLabels()).containsEntry("team", "search");
    assertThat(kube.answered(OPERATOR, "PATCH", path("products"), 409)).isEqualTo(1);
    assertThat(getsOf("products")).isZero();
  }

  @Test
  void removingAfterAnotherFinalizerWentRemovesOursAndOnlyOurs() {
    PineconeImport read = create("products", List.of(OTHER, Cleanup.FINALIZER));
    // the other controller lets go first: the index ours had in what we read is now out of range
    var other = get("products");
    other.getMetadata().setFinalizers(List.of(Cleanup.FINALIZER));
    kube.client().resource(other).update();

    PineconeImport stored = Finalizers.remove(context, read, Cleanup.FINALIZER);

    assertThat(stored.getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(kube.answered(OPERATOR, "PATCH", path("products"), 409)).isEqualTo(1);
    assertThat(getsOf("products")).isZero();
  }

  @Test
  void anotherFinalizerAddedMeanwhileIsKeptWhenOursGoes() {
    PineconeImport read = create("products", List.of(Cleanup.FINALIZER));
    var other = get("products");
    other.getMetadata().setFinalizers(List.of(OTHER, Cleanup.FINALIZER));
    kube.client().resource(other).update();

    Finalizers.remove(context, read, Cleanup.FINALIZER);

    assertThat(get("products").getMetadata().getFinalizers()).containsExactly(OTHER);
    assertThat(getsOf("products")).isZero();
  }

  @Test
  void aConflictTheCacheNeverExplainsIsThrownAfterAShortWaitAndStillNoGet() {
    PineconeImport read = create("products", List.of());
    kube.failWrites("products", "PATCH", 409, 1);

    assertThatThrownBy(() -> Finalizers.add(context, read, Cleanup.FINALIZER))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(getsOf("products")).isZero();
    assertThat(get("products").getMetadata().getFinalizers()).isNullOrEmpty();
  }

  @Test
  void theGuardIsTheResourceVersionRead() {
    PineconeImport read = create("products", List.of(OTHER));

    assertThat(Finalizers.patch(read, Cleanup.FINALIZER, true))
        .isEqualTo(
            "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\""
                + read.getMetadata().getResourceVersion()
                + "\"},{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[\""
                + OTHER
                + "\",\""
                + Cleanup.FINALIZER
                + "\"]}]");
  }

  private PineconeImport create(String name, List<String> finalizers) {
    var cr = TestResources.startingImport(name, "index.svc.pinecone.io", "s3://bucket/x/");
    cr.getMetadata().setFinalizers(finalizers);
    return kube.client().resource(cr).create();
  }

  private void label(String name) {
    var cr = get(name);
    cr.getMetadata().setLabels(Map.of("team", "search"));
    kube.client().resource(cr).update();
  }

  private PineconeImport get(String name) {
    return TestResources.get(kube.client(), name);
  }

  private static String path(String name) {
    return "/apis/pinecone.io/v1alpha1/namespaces/"
        + TestResources.NAMESPACE
        + "/pineconeimports/"
        + name;
  }

  /** GETs of this one import by the operator, whatever the answer. */
  private long getsOf(String name) {
    return List.of(200, 403, 404).stream()
        .mapToLong(code -> kube.answered(OPERATOR, "GET", path(name), code))
        .sum();
  }
}
