package io.github.pineconeimport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** Points at one key of a Secret in the resource's own namespace. */
public class SecretKeyRef {

  public static final String DEFAULT_KEY = "apiKey";

  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of a Secret in the same namespace as this PineconeImport.")
  private String name;

  @Default(DEFAULT_KEY)
  @Size(min = 1, max = 253)
  @Pattern("^[-._a-zA-Z0-9]+$")
  @JsonPropertyDescription(
      "Key inside the Secret that holds the Pinecone API key. Defaults to apiKey.")
  private String key;

  public SecretKeyRef() {}

  public SecretKeyRef(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  /**
   * The key to read, with the default applied for objects that did not pass through the API server.
   */
  public String effectiveKey() {
    return key == null || key.isEmpty() ? DEFAULT_KEY : key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretKeyRef other
        && Objects.equals(name, other.name)
        && Objects.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, key);
  }
}
