package io.github.pineconeimport.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Pinecone bulk import that the operator tracks and mirrors into {@code status}. */
@Group(PineconeImport.GROUP)
@Version(PineconeImport.VERSION)
@Kind("PineconeImport")
@Plural("pineconeimports")
@ShortNames({"pcimport", "pci"})
@io.fabric8.kubernetes.model.annotation.Categories("pinecone")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Message",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
public class PineconeImport extends CustomResource<PineconeImportSpec, PineconeImportStatus>
    implements Namespaced {

  public static final String GROUP = "pinecone.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "PineconeImport";

  /**
   * The import this resource follows: spec.importId, or the one it started (status.importId); null
   * while no start has been confirmed. Not a bean getter, so never part of the CRD.
   */
  public String trackedImportId() {
    var spec = getSpec();
    if (spec != null && spec.getImportId() != null && !spec.getImportId().isEmpty()) {
      return spec.getImportId();
    }
    return getStatus() == null ? null : getStatus().getImportId();
  }
}
