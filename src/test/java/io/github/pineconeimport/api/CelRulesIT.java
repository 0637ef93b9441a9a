package io.github.pineconeimport.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.pineconeimport.api.v1alpha1.ImportSource;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.SecretKeyRef;
import io.github.pineconeimport.testing.RealKube;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The CEL rules and defaults of the CRD, as a real API server applies them. */
class CelRulesIT {

  final RealKube kube = RealKube.get();
  final String ns = kube.newNamespace("cel");

  PineconeImport build(String name, String uri, String importId) {
    var spec = new PineconeImportSpec();
    spec.setIndexHost("products-abc123.svc.aped-4627-b74a.pinecone.io");
    spec.setApiKeySecretRef(new SecretKeyRef("pinecone", null));
    spec.setSource(uri == null ? null : new ImportSource(uri));
    spec.setImportId(importId);
    var cr = new PineconeImport();
    cr.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    cr.setSpec(spec);
    return cr;
  }

  PineconeImport create(PineconeImport cr) {
    return kube.client().resource(cr).create();
  }

  void assertRefused(Runnable write, String message) {
    assertThatThrownBy(write::run)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage()).contains(message);
            });
  }

  @Test
  void exactlyOneOfSourceAndImportId() {
    assertRefused(
        () -> create(build("both", "s3://b/p/", "101")),
        "exactly one of source (start an import) and importId (track one) must be set");
    assertRefused(
        () -> create(build("neither", null, null)),
        "exactly one of source (start an import) and importId (track one) must be set");
    assertThat(create(build("from-uri", "s3://b/p/", null)).getSpec().getSource().getUri())
        .isEqualTo("s3://b/p/");
    assertThat(create(build("by-id", null, "101")).getSpec().getImportId()).isEqualTo("101");
  }

  @Test
  void acceptsOnlyUrisWithASchemePineconeTakes() {
    List<String> good =
        List.of(
            "s3://my-bucket/products/2024-08/",
            "gs://bucket/p/",
            "https://myaccount.blob.core.windows.net/container/prefix/");
    List<String> bad =
        List.of(
            "http://bucket/p/",
            "s3://",
            "file:///tmp/x",
            "https://evil.example.com/x.blob.core.windows.net/c/",
            "https://myaccount.blob.core.windows.net/");
    int i = 0;
    for (String uri : good) {
      assertThat(create(build("good-" + i++, uri, null)).getSpec().getSource().getUri())
          .isEqualTo(uri);
    }
    for (String uri : bad) {
      assertRefused(
          () -> create(build("bad", uri, null)),
          "uri must start with s3://<bucket>, gs://<bucket> or");
    }
  }

  @Test
  void indexHostSourceAndImportIdAreImmutableOnceSet() {
    create(build("started", "s3://b/p/", null));
    create(build("tracked", null, "101"));
    assertRefused(
        () -> edit("started", s -> s.setIndexHost("other.svc.pinecone.io")),
        "indexHost is immutable");
    assertRefused(
        () -> edit("started", s -> s.getSource().setUri("s3://b/other/")), "source is immutable");
    assertRefused(
        () ->
            edit(
                "started",
                s -> {
                  s.setSource(null);
                  s.setImportId("102");
                }),
        "source cannot be removed once set");
    assertRefused(() -> edit("tracked", s -> s.setImportId("102")), "importId is immutable");

    // what may change: cancel, deletionPolicy, the poll interval
    var edited =
        edit(
            "started",
            s -> {
              s.setCancel(true);
              s.setPollInterval("1m");
            });
    assertThat(edited.getSpec().getCancel()).isTrue();
  }

  @Test
  void rerunMayChangeButNeverBeRemovedAndIsAtMost63Characters() {
    create(build("rerun", "s3://b/p/", null));
    assertThat(edit("rerun", s -> s.setRerun("first")).getSpec().getRerun()).isEqualTo("first");
    assertThat(edit("rerun", s -> s.setRerun("x".repeat(63))).getSpec().getRerun()).hasSize(63);
    assertRefused(() -> edit("rerun", s -> s.setRerun(null)), "rerun cannot be removed once set");
    assertRefused(() -> edit("rerun", s -> s.setRerun("x".repeat(64))), "spec.rerun");
  }

  @Test
  void timeoutIsBetweenOneSecondAndSevenDays() {
    for (String good : List.of("1s", "90m", "6h", "168h")) {
      var cr = build("timeout-" + good.toLowerCase(), "s3://b/p/", null);
      cr.getSpec().setTimeout(good);
      assertThat(create(cr).getSpec().getTimeout()).isEqualTo(good);
    }
    for (String bad : List.of("0s", "169h", "7d", "1.5h")) {
      var cr = build("timeout-bad", "s3://b/p/", null);
      cr.getSpec().setTimeout(bad);
      assertRefused(() -> create(cr), "spec.timeout");
    }
  }

  @Test
  void deletionPolicyHasNoSchemaDefaultSoTheOperatorCanPickItBySpecKind() {
    var started = create(build("default-policy", "s3://b/p/", null));
    assertThat(started.getSpec().getDeletionPolicy()).isNull();
    assertThat(started.getSpec().effectiveDeletionPolicy().name()).isEqualTo("Cancel");
    var tracked = create(build("default-policy-id", null, "101"));
    assertThat(tracked.getSpec().getDeletionPolicy()).isNull();
    assertThat(tracked.getSpec().effectiveDeletionPolicy().name()).isEqualTo("Orphan");
    // the key's default still comes from the server; the API version has none to store
    assertThat(started.getSpec().getPineconeApiVersion()).isNull();
    assertThat(started.getSpec().getApiKeySecretRef().getKey()).isEqualTo("apiKey");
  }

  private PineconeImport edit(String name, Consumer<PineconeImportSpec> change) {
    return kube.client()
        .resources(PineconeImport.class)
        .inNamespace(ns)
        .withName(name)
        .edit(
            cr -> {
              change.accept(cr.getSpec());
              return cr;
            });
  }
}
