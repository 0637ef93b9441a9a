package io.github.pineconeimport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the operator observed. The import fields mirror Pinecone's ImportModel as last received;
 * conditions follow the Kubernetes API conventions (Ready, Reconciling, Stalled).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PineconeImportStatus {

  @PrinterColumn(name = "Import ID", priority = 1)
  @JsonPropertyDescription(
      "The import this resource tracks: spec.importId, or the ID Pinecone gave the start. Phase,"
          + " progress and the other import fields describe this import and are never carried"
          + " over to another.")
  private String importId;

  @JsonPropertyDescription(
      "The start this resource asked for, recorded before the POST (see the README on starting"
          + " exactly once).")
  private StartIntent start;

  @JsonPropertyDescription("When the operator last sent DELETE /bulk/imports/{id} for spec.cancel.")
  private String cancelRequestedAt;

  @JsonPropertyDescription(
      "Why Pinecone refused the last DELETE for spec.cancel (a 4xx other than 429). Not sent again"
          + " until the spec changes.")
  private String cancelError;

  @JsonPropertyDescription(
      "spec.rerun of the current run (none for the first run). When spec.rerun differs, a new run"
          + " of the same source starts once the current import ended.")
  private String rerun;

  @JsonPropertyDescription("Finished runs before the current one, oldest first, at most 10.")
  private List<RunRecord> history;

  @JsonPropertyDescription(
      "Place in the start queue of its index host (1 is next), while phase is Queued.")
  private Integer queuePosition;

  @PrinterColumn(name = "ETA", priority = 1)
  @JsonPropertyDescription(
      "Estimated time the import reaches 100% (RFC 3339), from the smoothed progress rate. Only"
          + " while it loads (InProgress below 100%) and after two observations with progress.")
  private String estimatedCompletionTime;

  @JsonPropertyDescription("When percentComplete last changed (RFC 3339), for the ETA.")
  private String progressObservedAt;

  @JsonPropertyDescription("Smoothed progress rate in percent per hour, for the ETA.")
  private Double progressRate;

  @PrinterColumn(name = "Status")
  @JsonPropertyDescription(
      "Pinecone's status of the import as received: Pending, InProgress, Completed, Failed,"
          + " Cancelled (an unknown value is shown as is).")
  private String phase;

  @PrinterColumn(name = "Progress")
  @JsonPropertyDescription("Percent complete (0..100) as reported by Pinecone.")
  private Double percentComplete;

  @PrinterColumn(name = "Records")
  @JsonPropertyDescription("Records imported so far, as reported by Pinecone.")
  private Long recordsImported;

  @JsonPropertyDescription("URI the import reads from.")
  private String uri;

  @JsonPropertyDescription("When Pinecone started the import (RFC 3339).")
  private String createdAt;

  @JsonPropertyDescription("When the import finished (RFC 3339).")
  private String finishedAt;

  @JsonPropertyDescription("Pinecone's error message if the import failed.")
  private String error;

  @JsonPropertyDescription(
      "Pinecone's validation run, when its answer carried one: records that passed and records"
          + " that failed (skipped under errorMode Continue).")
  private ImportValidation validationResult;

  @JsonPropertyDescription(
      "The X-Pinecone-Api-Version in use: spec.pineconeApiVersion, or the operator's"
          + " PINECONE_API_VERSION when the spec pins none.")
  private String pineconeApiVersion;

  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready, Reconciling and Stalled, as kstatus, Argo CD and Flux read them.")
  private List<Condition> conditions = new ArrayList<>();

  public PineconeImportStatus() {}

  /** A deep copy, so a new status can be built without touching the one read from the cache. */
  public PineconeImportStatus copy() {
    var c = new PineconeImportStatus();
    c.importId = importId;
    c.start = start == null ? null : start.copy();
    c.cancelRequestedAt = cancelRequestedAt;
    c.cancelError = cancelError;
    c.rerun = rerun;
    c.history = history == null ? null : history.stream().map(RunRecord::copy).toList();
    c.queuePosition = queuePosition;
    c.estimatedCompletionTime = estimatedCompletionTime;
    c.progressObservedAt = progressObservedAt;
    c.progressRate = progressRate;
    c.phase = phase;
    c.percentComplete = percentComplete;
    c.recordsImported = recordsImported;
    c.uri = uri;
    c.createdAt = createdAt;
    c.finishedAt = finishedAt;
    c.error = error;
    c.validationResult = validationResult == null ? null : validationResult.copy();
    c.pineconeApiVersion = pineconeApiVersion;
    c.observedGeneration = observedGeneration;
    c.conditions = new ArrayList<>();
    if (conditions != null) {
      for (Condition cond : conditions) {
        c.conditions.add(new ConditionBuilder(cond).build());
      }
    }
    return c;
  }

  /** Every field, once: equals and hashCode compare these (a test checks none is missing). */
  private List<Object> fields() {
    return Arrays.asList(
        importId,
        start,
        cancelRequestedAt,
        cancelError,
        rerun,
        history,
        queuePosition,
        estimatedCompletionTime,
        progressObservedAt,
        progressRate,
        phase,
        percentComplete,
        recordsImported,
        uri,
        createdAt,
        finishedAt,
        error,
        validationResult,
        pineconeApiVersion,
        observedGeneration,
        conditions);
  }

  public String getImportId() {
    return importId;
  }

  public void setImportId(String importId) {
    this.importId = importId;
  }

  public StartIntent getStart() {
    return start;
  }

  public void setStart(StartIntent start) {
    this.start = start;
  }

  public String getCancelRequestedAt() {
    return cancelRequestedAt;
  }

  public void setCancelRequestedAt(String cancelRequestedAt) {
    this.cancelRequestedAt = cancelRequestedAt;
  }

  public String getRerun() {
    return rerun;
  }

  public void setRerun(String rerun) {
    this.rerun = rerun;
  }

  public List<RunRecord> getHistory() {
    return history;
  }

  public void setHistory(List<RunRecord> history) {
    this.history = history;
  }

  public Integer getQueuePosition() {
    return queuePosition;
  }

  public void setQueuePosition(Integer queuePosition) {
    this.queuePosition = queuePosition;
  }

  public String getCancelError() {
    return cancelError;
  }

  public void setCancelError(String cancelError) {
    this.cancelError = cancelError;
  }

  public String getEstimatedCompletionTime() {
    return estimatedCompletionTime;
  }

  public void setEstimatedCompletionTime(String estimatedCompletionTime) {
    this.estimatedCompletionTime = estimatedCompletionTime;
  }

  public String getProgressObservedAt() {
    return progressObservedAt;
  }

  public void setProgressObservedAt(String progressObservedAt) {
    this.progressObservedAt = progressObservedAt;
  }

  public Double getProgressRate() {
    return progressRate;
  }

  public void setProgressRate(Double progressRate) {
    this.progressRate = progressRate;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public Double getPercentComplete() {
    return percentComplete;
  }

  public void setPercentComplete(Double percentComplete) {
    this.percentComplete = percentComplete;
  }

  public Long getRecordsImported() {
    return recordsImported;
  }

  public void setRecordsImported(Long recordsImported) {
    this.recordsImported = recordsImported;
  }

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public String getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(String createdAt) {
    this.createdAt = createdAt;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }

  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error;
  }

  public ImportValidation getValidationResult() {
    return validationResult;
  }

  public void setValidationResult(ImportValidation validationResult) {
    this.validationResult = validationResult;
  }

  public String getPineconeApiVersion() {
    return pineconeApiVersion;
  }

  public void setPineconeApiVersion(String pineconeApiVersion) {
    this.pineconeApiVersion = pineconeApiVersion;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PineconeImportStatus s && fields().equals(s.fields());
  }

  @Override
  public int hashCode() {
    return fields().hashCode();
  }

  /** The status as the API server would show it: every field that is set. */
  @Override
  public String toString() {
    return "PineconeImportStatus" + Serialization.asJson(this);
  }
}
