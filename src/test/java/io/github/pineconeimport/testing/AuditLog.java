package io.github.pineconeimport.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The real API server's audit log: what the server itself saw, so tests count requests (and writes)
 * where they land rather than trusting the client's view.
 */
public final class AuditLog {

  /** One request as the server logged it when it completed. */
  public record Entry(
      String verb,
      String resource,
      String subresource,
      String namespace,
      String name,
      String user,
      String impersonatedUser,
      int code,
      String userAgent,
      String requestUri) {

    /** The identity the request was authorized as: the impersonated one if there was one. */
    public String actingUser() {
      return impersonatedUser.isEmpty() ? user : impersonatedUser;
    }

    public boolean isWrite() {
      return List.of("create", "update", "patch", "delete", "deletecollection").contains(verb);
    }

    /** Matches {@code resource} or {@code resource/subresource}. */
    public boolean on(String resourcePath) {
      return resourcePath.equals(subresource.isEmpty() ? resource : resource + "/" + subresource);
    }
  }

  /**
   * One line per completed request (RequestReceived and ResponseStarted are omitted), at Metadata
   * level: who did what to which object, never a body, so Secrets stay out of it. The server's own
   * loopback traffic and health probes are left out.
   */
  static final String POLICY =
      """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: ["RequestReceived", "ResponseStarted"]
      rules:
        - level: None
          users: ["system:apiserver"]
        - level: None
          nonResourceURLs: ["/healthz*", "/readyz*", "/livez*"]
        - level: Metadata
      """;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  AuditLog(Path file) {
    this.file = file;
  }

  /** Everything logged so far. */
  public List<Entry> entries() {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Entry> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(entry(JSON.readTree(line)));
      } catch (IOException e) {
        // the server may be half-way through writing the last line; it is read next time
      }
    }
    return out;
  }

  /** Entries in one namespace that match. */
  public List<Entry> entries(String namespace, Predicate<Entry> filter) {
    return entries().stream().filter(e -> namespace.equals(e.namespace())).filter(filter).toList();
  }

  /** How many requests in the namespace had this verb on this resource (or resource/sub). */
  public long count(String namespace, String verb, String resourcePath) {
    return entries(namespace, e -> verb.equals(e.verb()) && e.on(resourcePath)).size();
  }

  private static Entry entry(JsonNode n) {
    JsonNode ref = n.path("objectRef");
    return new Entry(
        n.path("verb").asText(),
        ref.path("resource").asText(),
        ref.path("subresource").asText(),
        ref.path("namespace").asText(),
        ref.path("name").asText(),
        n.path("user").path("username").asText(),
        n.path("impersonatedUser").path("username").asText(),
        n.path("responseStatus").path("code").asInt(),
        n.path("userAgent").asText(),
        n.path("requestURI").asText());
  }
}
