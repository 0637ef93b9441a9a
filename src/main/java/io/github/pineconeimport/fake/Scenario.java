package io.github.pineconeimport.fake;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.pineconeimport.config.Durations;
import io.github.pineconeimport.pinecone.BulkImport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The imports a fake Pinecone starts with. Read from a YAML file ({@code --scenario}) or the
 * built-in demo set, whose fixed IDs the examples in deploy/examples/ name.
 *
 * <pre>
 * imports:
 *   - id: "101"
 *     uri: s3://bucket/products/
 *     pending: 5s         # then InProgress
 *     running: 2m         # percent and records rise in `steps` jumps
 *     indexing: 30s       # InProgress at 100%
 *     steps: 10
 *     records: 1000000
 *     outcome: Completed  # or Failed (with error), or any other status to play an unknown one
 *     error: "..."
 * </pre>
 */
public record Scenario(Map<String, Entry> imports) {

  /** One import of a scenario. */
  public record Entry(String uri, ImportScript script) {}

  @JsonIgnoreProperties(ignoreUnknown = false)
  record FileEntry(String id, String uri, String pending, String running, String indexing,
      Integer steps, Long records, String outcome, String error) {}

  record FileFormat(List<FileEntry> imports) {}

  public static final String DEMO_FAILURE =
      "Invalid parquet file s3://demo-bucket/reviews/part-0003.parquet: column 'values' has 767"
          + " dimensions, the index expects 768";

  /**
   * The demo's imports. {@code scale} stretches every duration (1.0 = the demo's own pace, about
   * 15 seconds for the longest one that completes).
   */
  public static Scenario demo(double scale) {
    Map<String, Entry> m = new LinkedHashMap<>();
    m.put("101", new Entry("s3://demo-bucket/products/", new ImportScript(Duration.ofSeconds(2),
        Duration.ofSeconds(8), Duration.ofSeconds(3), 4, 1_000_000, BulkImport.COMPLETED, null)
        .scaled(scale)));
    m.put("102", new Entry("s3://demo-bucket/reviews/", new ImportScript(Duration.ofSeconds(2),
        Duration.ofSeconds(4), Duration.ZERO, 2, 250_000, BulkImport.FAILED, DEMO_FAILURE)
        .scaled(scale)));
    m.put("103", new Entry("s3://demo-bucket/clickstream/", new ImportScript(Duration.ofSeconds(2),
        Duration.ofSeconds(120), Duration.ofSeconds(30), 10, 50_000_000, BulkImport.COMPLETED,
        null).scaled(scale)));
    m.put("104", new Entry("s3://demo-bucket/catalog/", new ImportScript(Duration.ofSeconds(2),
        Duration.ofSeconds(6), Duration.ofSeconds(2), 3, 120_000, BulkImport.COMPLETED, null)
        .scaled(scale)));
    return new Scenario(m);
  }

  public static Scenario read(Path file) throws IOException {
    FileFormat f = new YAMLMapper().readValue(file.toFile(), FileFormat.class);
    if (f == null || f.imports() == null || f.imports().isEmpty()) {
      throw new IllegalArgumentException(file + ": no imports listed");
    }
    Map<String, Entry> m = new LinkedHashMap<>();
    for (FileEntry e : f.imports()) {
      if (e.id() == null || e.id().isEmpty()) {
        throw new IllegalArgumentException(file + ": every import needs an id");
      }
      String outcome = e.outcome() == null ? BulkImport.COMPLETED : e.outcome();
      var script = new ImportScript(duration(file, e.id(), "pending", e.pending(), "10s"),
          duration(file, e.id(), "running", e.running(), "2m"),
          duration(file, e.id(), "indexing", e.indexing(), "30s"),
          e.steps() == null ? 10 : e.steps(), e.records() == null ? 1_000_000 : e.records(),
          outcome, e.error());
      m.put(e.id(), new Entry(e.uri() == null ? "s3://bucket/" + e.id() + "/" : e.uri(), script));
    }
    return new Scenario(m);
  }

  private static Duration duration(Path file, String id, String field, String text,
      String fallback) {
    String value = text == null ? fallback : text;
    return Durations.parse(value).orElseThrow(() -> new IllegalArgumentException(
        file + ": import " + id + ": " + field + " '" + value + "' is not a duration like 30s"));
  }

  /** Seeds every import of this scenario into the fake, created now. */
  public void seed(FakePineconeServer fake) {
    imports.forEach((id, e) -> fake.seed(id, e.uri(), e.script()));
  }
}
