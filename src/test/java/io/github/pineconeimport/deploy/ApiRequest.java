package io.github.pineconeimport.deploy;

import io.github.pineconeimport.fake.FakeKubernetes;
import java.util.Arrays;
import java.util.List;

/**
 * A call to the Kubernetes API as RBAC sees it: verb, API group, resource, subresource, namespace
 * (null when cluster-wide) and object name (null for collections).
 */
record ApiRequest(
    String verb, String group, String resource, String subresource, String namespace, String name) {

  /** Parses the verb and path that {@link FakeKubernetes#callsFrom} recorded. */
  static ApiRequest from(FakeKubernetes.Call call) {
    List<String> parts =
        Arrays.stream(call.pathShape().split("/")).filter(p -> !p.isEmpty()).toList();
    int i;
    String group;
    if (parts.get(0).equals("api")) {
      group = "";
      i = 2; // api, v1
    } else {
      group = parts.get(1);
      i = 3; // apis, group, version
    }
    String namespace = null;
    if (parts.size() > i + 1 && parts.get(i).equals("namespaces")) {
      namespace = parts.get(i + 1);
      i += 2;
    }
    String resource = parts.get(i);
    String name = parts.size() > i + 1 ? parts.get(i + 1) : null;
    String subresource = parts.size() > i + 2 ? parts.get(i + 2) : null;
    return new ApiRequest(
        verb(call.method(), name != null), group, resource, subresource, namespace, name);
  }

  private static String verb(String method, boolean named) {
    return switch (method) {
      case "WATCH" -> "watch";
      case "GET" -> named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> throw new IllegalArgumentException("unknown method " + method);
    };
  }

  /** resource or resource/subresource, as RBAC rules name it. */
  String rbacResource() {
    return subresource == null ? resource : resource + "/" + subresource;
  }

  @Override
  public String toString() {
    return verb
        + " "
        + (group.isEmpty() ? "" : group + "/")
        + rbacResource()
        + (name == null ? "" : " " + name)
        + (namespace == null ? " (all namespaces)" : " in " + namespace);
  }
}
