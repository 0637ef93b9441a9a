package io.github.pineconeimport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** What to import: the body of {@code POST /bulk/imports}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImportSource {

  /**
   * The schemes Pinecone accepts (s3, gs, Azure Blob). Character classes instead of backslash
   * escapes keep the rule readable in the generated YAML; the Azure account name is 3-24 lowercase
   * letters and digits, as Azure requires.
   */
  public static final String URI_RULE =
      "self.matches('^(s3|gs)://[^/]+') "
          + "|| self.matches('^https://[a-z0-9]{3,24}[.]blob[.]core[.]windows[.]net/.+')";

  @Required
  @Size(min = 1, max = 1500)
  @ValidationRule(
      value = URI_RULE,
      message =
          "uri must start with s3://<bucket>, gs://<bucket> or"
              + " https://<account>.blob.core.windows.net/<container>")
  @JsonPropertyDescription(
      "Where the data is: s3://bucket/prefix/, gs://bucket/prefix/ or"
          + " https://<account>.blob.core.windows.net/<container>/prefix/.")
  private String uri;

  @Size(min = 1, max = 100)
  @JsonPropertyDescription(
      "ID of a Pinecone storage integration that may read a private bucket (optional).")
  private String integrationId;

  @JsonPropertyDescription(
      "What Pinecone does on a bad record: Continue (Pinecone's default) skips it, Abort fails the"
          + " import.")
  private ErrorMode errorMode;

  /** Pinecone's {@code errorMode.onError}, in the Kubernetes enum spelling. */
  public enum ErrorMode {
    Continue,
    Abort
  }

  public ImportSource() {}

  public ImportSource(String uri) {
    this.uri = uri;
  }

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public String getIntegrationId() {
    return integrationId;
  }

  public void setIntegrationId(String integrationId) {
    this.integrationId = integrationId;
  }

  public ErrorMode getErrorMode() {
    return errorMode;
  }

  public void setErrorMode(ErrorMode errorMode) {
    this.errorMode = errorMode;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImportSource s
        && Objects.equals(uri, s.uri)
        && Objects.equals(integrationId, s.integrationId)
        && errorMode == s.errorMode;
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri, integrationId, errorMode);
  }
}
