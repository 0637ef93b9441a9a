package io.github.pineconeimport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Arrays;
import java.util.List;

/** One finished run of a resource's import, kept in status.history after a re-run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunRecord {

  /** Longest error kept per run: history is for a glance, status.error had the whole text. */
  public static final int MAX_ERROR = 200;

  @JsonPropertyDescription("The import of that run.")
  private String importId;

  @JsonPropertyDescription("spec.rerun when that run started (none for the first run).")
  private String rerun;

  @JsonPropertyDescription("How it ended: Completed, Failed, Cancelled, or StartRefused.")
  private String phase;

  @JsonPropertyDescription("Records imported, as Pinecone last reported.")
  private Long recordsImported;

  @JsonPropertyDescription("When it started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When it finished (RFC 3339).")
  private String finishedAt;

  @JsonPropertyDescription("Pinecone's error, cut to 200 characters.")
  private String error;

  public RunRecord() {}

  public RunRecord copy() {
    var c = new RunRecord();
    c.importId = importId;
    c.rerun = rerun;
    c.phase = phase;
    c.recordsImported = recordsImported;
    c.startedAt = startedAt;
    c.finishedAt = finishedAt;
    c.error = error;
    return c;
  }

  private List<Object> fields() {
    return Arrays.asList(importId, rerun, phase, recordsImported, startedAt, finishedAt, error);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RunRecord r && fields().equals(r.fields());
  }

  @Override
  public int hashCode() {
    return fields().hashCode();
  }

  @Override
  public String toString() {
    return "RunRecord" + Serialization.asJson(this);
  }

  public String getImportId() {
    return importId;
  }

  public void setImportId(String importId) {
    this.importId = importId;
  }

  public String getRerun() {
    return rerun;
  }

  public void setRerun(String rerun) {
    this.rerun = rerun;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public Long getRecordsImported() {
    return recordsImported;
  }

  public void setRecordsImported(Long recordsImported) {
    this.recordsImported = recordsImported;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
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
}
