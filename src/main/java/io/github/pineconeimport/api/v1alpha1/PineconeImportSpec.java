package io.github.pineconeimport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.github.pineconeimport.pinecone.HostSyntax;

/** What the user asks for: which import, on which index, with which credentials. */
public class PineconeImportSpec {

  public static final String DEFAULT_POLL_INTERVAL = "30s";
  public static final String DEFAULT_API_VERSION = "2025-01";

  /**
   * Host name (RFC 1123 labels) or IPv4 address with optional port, optionally prefixed with
   * https:// (as the console shows it); the same rule the operator parses with.
   */
  public static final String INDEX_HOST_PATTERN = HostSyntax.INDEX_HOST;

  /** Go-style duration limited to whole h/m/s, so nothing below one second can be written. */
  public static final String POLL_INTERVAL_PATTERN = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";

  @Required
  @Size(min = 1, max = 300)
  @Pattern(INDEX_HOST_PATTERN)
  @PrinterColumn(name = "Host", priority = 1)
  @JsonPropertyDescription(
      "Host of the Pinecone index, e.g. products-abc123.svc.aped-4627-b74a.pinecone.io, optionally"
          + " with https:// and a port. It must match the operator's PINECONE_ALLOWED_HOSTS.")
  private String indexHost;

  @Required
  @Size(min = 1, max = 1000)
  @PrinterColumn(name = "Import ID", priority = 1)
  @JsonPropertyDescription("ID of the bulk import, as returned by POST /bulk/imports.")
  private String importId;

  @Required
  @JsonPropertyDescription(
      "Secret in this namespace that holds the Pinecone API key (key defaults to apiKey).")
  private SecretKeyRef apiKeySecretRef;

  @Default(DEFAULT_POLL_INTERVAL)
  @Size(min = 2, max = 20)
  @Pattern(POLL_INTERVAL_PATTERN)
  @JsonPropertyDescription(
      "How often to ask Pinecone while the import runs, e.g. 30s, 2m, 1m30s. At least 1s; default 30s.")
  private String pollInterval;

  @Default(DEFAULT_API_VERSION)
  @Pattern("^[0-9]{4}-[0-9]{2}$")
  @JsonPropertyDescription(
      "Value of the X-Pinecone-Api-Version header sent to Pinecone. Default 2025-01.")
  private String pineconeApiVersion;

  public String getIndexHost() {
    return indexHost;
  }

  public void setIndexHost(String indexHost) {
    this.indexHost = indexHost;
  }

  public String getImportId() {
    return importId;
  }

  public void setImportId(String importId) {
    this.importId = importId;
  }

  public SecretKeyRef getApiKeySecretRef() {
    return apiKeySecretRef;
  }

  public void setApiKeySecretRef(SecretKeyRef apiKeySecretRef) {
    this.apiKeySecretRef = apiKeySecretRef;
  }

  public String getPollInterval() {
    return pollInterval;
  }

  public void setPollInterval(String pollInterval) {
    this.pollInterval = pollInterval;
  }

  public String getPineconeApiVersion() {
    return pineconeApiVersion;
  }

  public void setPineconeApiVersion(String pineconeApiVersion) {
    this.pineconeApiVersion = pineconeApiVersion;
  }

  /** The API version to send, with the default applied when the API server did not default it. */
  public String effectiveApiVersion() {
    return pineconeApiVersion == null || pineconeApiVersion.isEmpty()
        ? DEFAULT_API_VERSION
        : pineconeApiVersion;
  }

  public String effectivePollInterval() {
    return pollInterval == null || pollInterval.isEmpty() ? DEFAULT_POLL_INTERVAL : pollInterval;
  }
}
