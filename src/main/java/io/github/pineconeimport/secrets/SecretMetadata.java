package io.github.pineconeimport.secrets;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Secret as its metadata alone: the type has no field for {@code data}, so even a server that
 * ignores the metadata-only Accept header (the Fabric8 mock) cannot put a value into it.
 *
 * <p>Fabric8 7.5.2 and JOSDK 5.2.3 have no {@code PartialObjectMetadata} type (Fabric8 added one
 * after 7.5), so this class names the Secret endpoint for URLs and {@link MetadataOnlyClient} maps
 * the server's {@code meta.k8s.io/v1 PartialObjectMetadata} answers onto it. The explicit
 * deserializer stops Fabric8's polymorphic {@code HasMetadata} deserializer from calling itself.
 */
@Group("")
@Version("v1")
@Kind("Secret")
@Plural("secrets")
@Singular("secret")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonDeserialize(using = JsonDeserializer.None.class)
public class SecretMetadata implements HasMetadata, Namespaced {

  private String apiVersion = "v1";
  private String kind = "Secret";
  private ObjectMeta metadata;

  public SecretMetadata() {}

  /** Only what the operator needs to find and version a Secret; no labels, no managed fields. */
  static SecretMetadata slim(HasMetadata secret) {
    var copy = new SecretMetadata();
    var meta = new ObjectMeta();
    meta.setNamespace(secret.getMetadata().getNamespace());
    meta.setName(secret.getMetadata().getName());
    meta.setResourceVersion(secret.getMetadata().getResourceVersion());
    meta.setUid(secret.getMetadata().getUid());
    copy.setMetadata(meta);
    return copy;
  }

  @Override
  public ObjectMeta getMetadata() {
    return metadata;
  }

  @Override
  public void setMetadata(ObjectMeta metadata) {
    this.metadata = metadata;
  }

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  @Override
  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  @Override
  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }
}
