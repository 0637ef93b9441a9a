package io.github.pineconeimport.pinecone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@code POST /bulk/imports} asks for. On the wire it is {@code {"uri", "integrationId",
 * "errorMode": {"onError": "continue"|"abort"}}}; a null integrationId or errorMode is left out, so
 * Pinecone applies its own default (public bucket, continue on error).
 *
 * @param uri the import directory: s3://, gs:// or https://ACCOUNT.blob.core.windows.net/...
 * @param integrationId Pinecone's storage integration for a private bucket, or null
 * @param errorMode what Pinecone does when a record cannot be imported, or null for its default
 */
public record StartImportRequest(String uri, String integrationId, ErrorMode errorMode) {

  /** Pinecone's {@code errorMode.onError}. */
  public enum ErrorMode {
    /** Skip records that cannot be imported (Pinecone's default). */
    CONTINUE,
    /** Stop the whole import at the first record that cannot be imported. */
    ABORT;

    /** The value Pinecone expects in {@code onError}. */
    public String wireValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public StartImportRequest {
    Objects.requireNonNull(uri, "uri");
  }

  public static StartImportRequest of(String uri) {
    return new StartImportRequest(uri, null, null);
  }

  /** The request body as Pinecone's StartImportRequest schema spells it. */
  ObjectNode toWire(ObjectMapper json) {
    ObjectNode body = json.createObjectNode();
    body.put("uri", uri);
    if (integrationId != null) {
      body.put("integrationId", integrationId);
    }
    if (errorMode != null) {
      body.putObject("errorMode").put("onError", errorMode.wireValue());
    }
    return body;
  }
}
