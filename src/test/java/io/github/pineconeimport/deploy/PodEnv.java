package io.github.pineconeimport.deploy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment the kubelet would give the Deployment's container: literal values, the downward
 * API's pod name and namespace, and {@code $(VAR)} references to earlier variables. There is no
 * kubelet on the test server, so tests run the operator in-process with this.
 */
final class PodEnv {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private PodEnv() {}

  static Map<String, String> of(Deployment deployment, String podName) {
    String namespace = deployment.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar v : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (v.getValueFrom() != null) {
        String field = v.getValueFrom().getFieldRef().getFieldPath();
        env.put(
            v.getName(),
            switch (field) {
              case "metadata.name" -> podName;
              case "metadata.namespace" -> namespace;
              default -> throw new AssertionError("no test value for fieldRef " + field);
            });
      } else {
        env.put(v.getName(), expand(v.getValue() == null ? "" : v.getValue(), env));
      }
    }
    return env;
  }

  private static String expand(String value, Map<String, String> defined) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String replacement = defined.getOrDefault(m.group(1), m.group());
      m.appendReplacement(b, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(b);
    return b.toString();
  }
}
