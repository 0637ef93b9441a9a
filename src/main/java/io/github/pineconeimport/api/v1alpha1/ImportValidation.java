package io.github.pineconeimport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import java.util.Objects;

/** Pinecone's validation run over the import's records, as its last answer reported it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImportValidation {

  @JsonPropertyDescription("Records that passed Pinecone's validation.")
  private Long importSuccesses;

  @PrinterColumn(name = "Invalid", priority = 1)
  @JsonPropertyDescription(
      "Records that failed Pinecone's validation; with errorMode Continue they were skipped.")
  private Long importErrors;

  public ImportValidation() {}

  public ImportValidation(Long importSuccesses, Long importErrors) {
    this.importSuccesses = importSuccesses;
    this.importErrors = importErrors;
  }

  public Long getImportSuccesses() {
    return importSuccesses;
  }

  public void setImportSuccesses(Long importSuccesses) {
    this.importSuccesses = importSuccesses;
  }

  public Long getImportErrors() {
    return importErrors;
  }

  public void setImportErrors(Long importErrors) {
    this.importErrors = importErrors;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImportValidation v
        && Objects.equals(importSuccesses, v.importSuccesses)
        && Objects.equals(importErrors, v.importErrors);
  }

  @Override
  public int hashCode() {
    return Objects.hash(importSuccesses, importErrors);
  }

  @Override
  public String toString() {
    return "{importSuccesses=" + importSuccesses + ", importErrors=" + importErrors + '}';
  }
}
