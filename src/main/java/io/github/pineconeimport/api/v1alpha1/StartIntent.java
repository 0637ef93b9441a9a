package io.github.pineconeimport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Arrays;
import java.util.List;

/**
 * The record that a start was (about to be) sent, written with optimistic concurrency before the
 * POST. Found without {@code status.importId}, it tells a restarted operator or a new leader that a
 * start may be in flight, so it looks for the import before it starts another.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StartIntent {

  @JsonPropertyDescription("When the operator decided to start the import (RFC 3339, its clock).")
  private String requestedAt;

  @JsonPropertyDescription("The uri it asked Pinecone to import.")
  private String uri;

  @JsonPropertyDescription("1 for the first start; more only after the list showed no import.")
  private Integer attempt;

  public StartIntent() {}

  public StartIntent(String requestedAt, String uri, Integer attempt) {
    this.requestedAt = requestedAt;
    this.uri = uri;
    this.attempt = attempt;
  }

  public String getRequestedAt() {
    return requestedAt;
  }

  public void setRequestedAt(String requestedAt) {
    this.requestedAt = requestedAt;
  }

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public Integer getAttempt() {
    return attempt;
  }

  public void setAttempt(Integer attempt) {
    this.attempt = attempt;
  }

  public StartIntent copy() {
    return new StartIntent(requestedAt, uri, attempt);
  }

  private List<Object> fields() {
    return Arrays.asList(requestedAt, uri, attempt);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StartIntent s && fields().equals(s.fields());
  }

  @Override
  public int hashCode() {
    return fields().hashCode();
  }

  @Override
  public String toString() {
    return "StartIntent" + Serialization.asJson(this);
  }
}
