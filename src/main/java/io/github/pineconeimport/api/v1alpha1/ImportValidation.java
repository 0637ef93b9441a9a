package io.github.pineconeimport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Arrays;
import java.util.List;

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

  public ImportValidation copy() {
    return new ImportValidation(importSuccesses, importErrors);
  }

  private List<Object> fields() {
    return Arrays.asList(importSuccesses, importErrors);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImportValidation v && fields().equals(v.fields());
  }

  @Override
  public int hashCode() {
    return fields().hashCode();
  }

  @Override
  public String toString() {
    return "ImportValidation" + Serialization.asJson(this);
  }
}
