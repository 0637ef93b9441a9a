package io.github.pineconeimport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.github.pineconeimport.pinecone.HostSyntax;

/**
 * What the user asks for: which import (one to start from {@code source}, or one started elsewhere
 * by {@code importId}), on which index, with which credentials, and what cancelling or deleting it
 * means. The API server enforces the rules below (CEL), so a bad spec is refused at {@code kubectl
 * apply}, where the user looks.
 */
@ValidationRule(
    value = "has(self.source) != has(self.importId)",
    message = "exactly one of source (start an import) and importId (track one) must be set")
@ValidationRule(
    value = "!has(oldSelf.source) || has(self.source)",
    message = "source cannot be removed once set")
@ValidationRule(
    value = "!has(oldSelf.importId) || has(self.importId)",
    message = "importId cannot be removed once set")
@ValidationRule(
    value = "!has(oldSelf.rerun) || has(self.rerun)",
    message = "rerun cannot be removed once set: set a new value to run the import again")
public class PineconeImportSpec {

  public static final String DEFAULT_POLL_INTERVAL = "30s";

  /**
   * Host name (RFC 1123 labels) or IPv4 address with optional port, optionally prefixed with
   * https:// (as the console shows it); the same rule the operator parses with.
   */
  public static final String INDEX_HOST_PATTERN = HostSyntax.INDEX_HOST;

  /**
   * Go-style duration limited to whole h/m/s, so nothing below one second can be written, and to
   * few digits per unit, so no value overflows a duration (the CEL rule bounds it further).
   */
  public static final String POLL_INTERVAL_PATTERN = "^([0-9]{1,2}h)?([0-9]{1,4}m)?([0-9]{1,5}s)?$";

  /** At least a second (a faster poll is a load on Pinecone, not news), at most a day. */
  public static final String POLL_INTERVAL_RULE =
      "duration(self) >= duration('1s') && duration(self) <= duration('24h')";

  /**
   * Printable characters without {@code /}: an ID is one path segment of {@code
   * /bulk/imports/{id}}, and a control character (a newline) would reach log lines. Without
   * lookaround, so it is the same rule in RE2 (the API server), Java and ECMA-262.
   */
  /** A timeout is written like pollInterval, with room for up to 168h (digits bounded too). */
  public static final String TIMEOUT_PATTERN = "^([0-9]{1,3}h)?([0-9]{1,5}m)?([0-9]{1,6}s)?$";

  public static final String IMPORT_ID_PATTERN = "^[^/\\x00-\\x1F\\x7F-\\x9F]+$";

  @Required
  @Size(min = 1, max = 300)
  @Pattern(INDEX_HOST_PATTERN)
  @PrinterColumn(name = "Host", priority = 1)
  @ValidationRule(value = "self == oldSelf", message = "indexHost is immutable")
  @JsonPropertyDescription(
      "Host of the Pinecone index, e.g. products-abc123.svc.aped-4627-b74a.pinecone.io, optionally"
          + " with https:// and a port. It must match the operator's PINECONE_ALLOWED_HOSTS.")
  private String indexHost;

  @ValidationRule(
      value = "self == oldSelf",
      message = "source is immutable: create a new PineconeImport for another import")
  @JsonPropertyDescription(
      "Start this import in Pinecone (exactly once). Exactly one of source and importId.")
  private ImportSource source;

  @Size(min = 1, max = 1000)
  @Pattern(IMPORT_ID_PATTERN)
  @ValidationRule(value = "self == oldSelf", message = "importId is immutable")
  @ValidationRule(
      value = "self != '.' && self != '..'",
      message = "importId cannot be '.' or '..' (path steps, not IDs)")
  @JsonPropertyDescription(
      "Track an import started elsewhere, by the ID POST /bulk/imports returned. Exactly one of"
          + " source and importId.")
  private String importId;

  @JsonPropertyDescription(
      "true cancels the import (one DELETE /bulk/imports/{id}; it then ends Cancelled). Set before"
          + " the start, the import is never started.")
  private Boolean cancel;

  @JsonPropertyDescription(
      "What deleting this resource does to an import that still runs: Cancel or Orphan. Default:"
          + " Cancel with source (this resource started it), Orphan with importId (someone"
          + " else's).")
  private DeletionPolicy deletionPolicy;

  @Required
  @JsonPropertyDescription(
      "Secret in this namespace that holds the Pinecone API key (key defaults to apiKey).")
  private SecretKeyRef apiKeySecretRef;

  @Default(DEFAULT_POLL_INTERVAL)
  @Size(min = 2, max = 20)
  @Pattern(POLL_INTERVAL_PATTERN)
  @ValidationRule(
      value = POLL_INTERVAL_RULE,
      message = "pollInterval must be from 1s to 24h, e.g. 30s or 2m")
  @JsonPropertyDescription(
      "How often to ask Pinecone while the import runs, e.g. 30s, 2m, 1m30s. From 1s to 24h;"
          + " default 30s.")
  private String pollInterval;

  // No schema default: the API server would store it in every object, pinning each one to a
  // version that Pinecone retires a year later. Unset, the operator's PINECONE_API_VERSION applies.
  @Pattern("^[0-9]{4}-[0-9]{2}$")
  @JsonPropertyDescription(
      "Pins the X-Pinecone-Api-Version header sent to Pinecone for this import, e.g. 2026-04. Unset"
          + " (recommended), the operator's PINECONE_API_VERSION applies; status.pineconeApiVersion"
          + " shows the version in use.")
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

  public ImportSource getSource() {
    return source;
  }

  public void setSource(ImportSource source) {
    this.source = source;
  }

  public Boolean getCancel() {
    return cancel;
  }

  public void setCancel(Boolean cancel) {
    this.cancel = cancel;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  /** True when this resource starts its import (as opposed to tracking one by ID). */
  public boolean startsImport() {
    return source != null && importId == null;
  }

  public boolean cancelRequested() {
    return Boolean.TRUE.equals(cancel);
  }

  /**
   * Cancel when this resource started the import, Orphan when it only tracks one: deleting a mirror
   * must never cancel someone else's import. A schema default could not depend on which of source
   * and importId is set, so the default lives here.
   */
  public DeletionPolicy effectiveDeletionPolicy() {
    if (deletionPolicy != null) {
      return deletionPolicy;
    }
    return startsImport() ? DeletionPolicy.Cancel : DeletionPolicy.Orphan;
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

  public String effectivePollInterval() {
    return pollInterval == null || pollInterval.isEmpty() ? DEFAULT_POLL_INTERVAL : pollInterval;
  }

  @Size(min = 1, max = 63)
  @JsonPropertyDescription(
      "Change it, to any new value, to run the same source once more (after the current import"
          + " ended; a running one is not cancelled). Cannot be removed once set.")
  private String rerun;

  @JsonPropertyDescription(
      "true: no call to Pinecone for this resource (no start, no poll, no cancel) until false"
          + " again. Deleting it still applies deletionPolicy.")
  private Boolean suspend;

  @Size(min = 2, max = 20)
  @Pattern(TIMEOUT_PATTERN)
  @ValidationRule(
      value = "duration(self) >= duration('1s') && duration(self) <= duration('168h')",
      message = "timeout must be between 1s and 168h (7 days)")
  @JsonPropertyDescription(
      "Cancel the import when it runs longer than this from its start, e.g. 6h (1s to 168h). It"
          + " then ends Cancelled with Stalled reason TimedOut.")
  private String timeout;

  public String getRerun() {
    return rerun;
  }

  public void setRerun(String rerun) {
    this.rerun = rerun;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public boolean suspended() {
    return Boolean.TRUE.equals(suspend);
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }
}
