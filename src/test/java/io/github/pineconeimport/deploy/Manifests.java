package io.github.pineconeimport.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.testing.LocalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Kubernetes manifests from YAML files, kustomizations and rendered output, as typed objects. */
final class Manifests {

  static final Path DEPLOY = Path.of("deploy");
  static final Path CRDS = Path.of("crds");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static {
    SERIALIZATION.registerKubernetesResource(PineconeImport.class);
  }

  /** Kinds that are not namespaced, so a namespace change leaves them alone. */
  private static final Set<String> CLUSTER_SCOPED =
      Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition");

  private Manifests() {}

  /** Every document in the YAML text, as Fabric8's typed model where it knows the kind. */
  static List<HasMetadata> parse(String yaml) {
    Object parsed = SERIALIZATION.unmarshal(yaml);
    if (parsed == null) {
      return List.of();
    }
    List<?> docs = parsed instanceof List<?> list ? list : List.of(parsed);
    return docs.stream().map(HasMetadata.class::cast).toList();
  }

  static List<HasMetadata> load(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The resources a kustomization lists, following directories to their own kustomization.yaml.
   * Patches are not applied: the callers check RBAC objects, which no patch here touches (the
   * kustomize test compares this with kubectl's full rendering where kubectl exists).
   */
  @SuppressWarnings("unchecked")
  static List<HasMetadata> kustomization(Path dir) {
    Map<String, Object> k;
    try {
      k = SERIALIZATION.unmarshal(Files.readString(dir.resolve("kustomization.yaml")), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<HasMetadata> objects = new ArrayList<>();
    for (String entry : (List<String>) k.getOrDefault("resources", List.of())) {
      Path p = dir.resolve(entry).normalize();
      objects.addAll(Files.isDirectory(p) ? kustomization(p) : load(p));
    }
    return objects;
  }

  /** kubectl kustomize's output for the directory. */
  static List<HasMetadata> render(LocalTool kubectl, Path dir) {
    var result = kubectl.run(Path.of("."), "kustomize", dir.toString());
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + result.stderr());
    }
    return parse(result.stdout());
  }

  /** What {@code kustomize edit set namespace <namespace>} does to these objects. */
  static List<HasMetadata> inNamespace(List<HasMetadata> objects, String namespace) {
    List<HasMetadata> moved = new ArrayList<>();
    for (HasMetadata o : objects) {
      HasMetadata copy = SERIALIZATION.clone(o);
      if (!CLUSTER_SCOPED.contains(copy.getKind())) {
        copy.getMetadata().setNamespace(namespace);
      }
      List<Subject> subjects =
          copy instanceof RoleBinding rb
              ? rb.getSubjects()
              : copy instanceof ClusterRoleBinding crb ? crb.getSubjects() : List.of();
      subjects.stream()
          .filter(s -> "ServiceAccount".equals(s.getKind()))
          .forEach(s -> s.setNamespace(namespace));
      moved.add(copy);
    }
    return moved;
  }

  static <T extends HasMetadata> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
    List<T> found = ofType(objects, type);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }
}
