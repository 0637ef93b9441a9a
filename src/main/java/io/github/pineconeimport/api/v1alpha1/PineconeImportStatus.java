package io.github.pineconeimport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the operator observed. The import fields mirror Pinecone's ImportModel as last received;
 * conditions follow the Kubernetes API conventions (Ready, Reconciling, Stalled).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PineconeImportStatus {

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
      "The import that phase, progress and the other import fields describe (spec.importId when"
          + " they were observed). They are not carried over to another import.")
  private String importId;

  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, Reconciling and Stalled, as kstatus, Argo CD and Flux read them.")
  private List<Condition> conditions = new ArrayList<>();

  public PineconeImportStatus() {}

  /** A deep copy, so a new status can be built without touching the one read from the cache. */
  public PineconeImportStatus copy() {
    var c = new PineconeImportStatus();
    c.phase = phase;
    c.percentComplete = percentComplete;
    c.recordsImported = recordsImported;
    c.uri = uri;
    c.createdAt = createdAt;
    c.finishedAt = finishedAt;
    c.error = error;
    c.importId = importId;
    c.observedGeneration = observedGeneration;
    c.conditions = new ArrayList<>();
    if (conditions != null) {
      for (Condition cond : conditions) {
        c.conditions.add(
            new io.fabric8.kubernetes.api.model.ConditionBuilder(cond).build());
      }
    }
    return c;
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

  public String getImportId() {
    return importId;
  }

  public void setImportId(String importId) {
    this.importId = importId;
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
    return o instanceof PineconeImportStatus s
        && Objects.equals(phase, s.phase)
        && Objects.equals(percentComplete, s.percentComplete)
        && Objects.equals(recordsImported, s.recordsImported)
        && Objects.equals(uri, s.uri)
        && Objects.equals(createdAt, s.createdAt)
        && Objects.equals(finishedAt, s.finishedAt)
        && Objects.equals(error, s.error)
        && Objects.equals(importId, s.importId)
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        phase, percentComplete, recordsImported, uri, createdAt, finishedAt, error, importId,
        observedGeneration, conditions);
  }

  @Override
  public String toString() {
    return "PineconeImportStatus{phase=" + phase + ", percentComplete=" + percentComplete
        + ", recordsImported=" + recordsImported + ", observedGeneration=" + observedGeneration
        + ", conditions=" + conditions + '}';
  }
}
