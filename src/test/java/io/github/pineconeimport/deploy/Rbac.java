package io.github.pineconeimport.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Kubernetes' RBAC authorizer in miniature, over the Roles, ClusterRoles and bindings in a set of
 * manifests: what one ServiceAccount may do. Allow-only, like RBAC itself.
 */
final class Rbac {

  /** One rule, in force in one namespace or (namespace null) in all of them. */
  record Grant(String namespace, PolicyRule rule) {}

  /** One verb on one resource that a rule grants, for "is every grant used?". */
  record Permission(String group, String resource, String verb) {}

  /**
   * Every authenticated identity may ask what it may do (the system:basic-user ClusterRole that
   * every cluster binds to system:authenticated); JOSDK asks before it campaigns for the lease.
   */
  private static final Set<String> SELF_REVIEWS =
      Set.of("selfsubjectrulesreviews", "selfsubjectaccessreviews");

  private final List<Grant> grants;

  private Rbac(List<Grant> grants) {
    this.grants = grants;
  }

  static Rbac forServiceAccount(List<HasMetadata> objects, String namespace, String name) {
    List<Grant> grants = new ArrayList<>();
    for (var binding : Manifests.ofType(objects, ClusterRoleBinding.class)) {
      if (names(binding.getSubjects(), namespace, name)) {
        clusterRole(objects, binding.getRoleRef())
            .getRules()
            .forEach(r -> grants.add(new Grant(null, r)));
      }
    }
    for (var binding : Manifests.ofType(objects, RoleBinding.class)) {
      if (names(binding.getSubjects(), namespace, name)) {
        String in = binding.getMetadata().getNamespace();
        List<PolicyRule> rules =
            binding.getRoleRef().getKind().equals("ClusterRole")
                ? clusterRole(objects, binding.getRoleRef()).getRules()
                : role(objects, binding.getRoleRef(), in).getRules();
        rules.forEach(r -> grants.add(new Grant(in, r)));
      }
    }
    return new Rbac(grants);
  }

  boolean allows(ApiRequest request) {
    if (request.group().equals("authorization.k8s.io")
        && SELF_REVIEWS.contains(request.resource())
        && request.verb().equals("create")) {
      return true;
    }
    return grants.stream().anyMatch(g -> matches(g, request));
  }

  private static boolean matches(Grant g, ApiRequest r) {
    // a Role grants nothing cluster-wide, not even a list across namespaces
    if (g.namespace() != null && !g.namespace().equals(r.namespace())) {
      return false;
    }
    PolicyRule rule = g.rule();
    return contains(rule.getApiGroups(), r.group())
        && contains(rule.getResources(), r.rbacResource())
        && contains(rule.getVerbs(), r.verb())
        && (rule.getResourceNames() == null
            || rule.getResourceNames().isEmpty()
            || (r.name() != null && rule.getResourceNames().contains(r.name())));
  }

  private static boolean contains(List<String> values, String value) {
    return values != null && (values.contains(value) || values.contains("*"));
  }

  Set<Permission> permissions() {
    Set<Permission> all = new LinkedHashSet<>();
    for (Grant g : grants) {
      for (String group : g.rule().getApiGroups()) {
        for (String resource : g.rule().getResources()) {
          for (String verb : g.rule().getVerbs()) {
            all.add(new Permission(group, resource, verb));
          }
        }
      }
    }
    return all;
  }

  /** The rules in force in a namespace, as a SelfSubjectRulesReview would list them. */
  List<ResourceRule> rulesIn(String namespace) {
    return grants.stream()
        .filter(g -> g.namespace() == null || g.namespace().equals(namespace))
        .map(
            g ->
                new ResourceRuleBuilder()
                    .withApiGroups(g.rule().getApiGroups())
                    .withResources(g.rule().getResources())
                    .withVerbs(g.rule().getVerbs())
                    .withResourceNames(g.rule().getResourceNames())
                    .build())
        .toList();
  }

  List<PolicyRule> rules() {
    return grants.stream().map(Grant::rule).toList();
  }

  private static boolean names(List<Subject> subjects, String namespace, String name) {
    return subjects != null
        && subjects.stream()
            .anyMatch(
                s ->
                    "ServiceAccount".equals(s.getKind())
                        && name.equals(s.getName())
                        && namespace.equals(s.getNamespace()));
  }

  private static ClusterRole clusterRole(List<HasMetadata> objects, RoleRef ref) {
    return Manifests.ofType(objects, ClusterRole.class).stream()
        .filter(r -> r.getMetadata().getName().equals(ref.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("binding refers to missing ClusterRole " + ref));
  }

  private static Role role(List<HasMetadata> objects, RoleRef ref, String namespace) {
    return Manifests.ofType(objects, Role.class).stream()
        .filter(
            r ->
                r.getMetadata().getName().equals(ref.getName())
                    && Objects.equals(r.getMetadata().getNamespace(), namespace))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("binding in " + namespace + " refers to missing Role " + ref));
  }
}
