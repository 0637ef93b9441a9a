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
 * The imports a fake Pinecone starts with, and how it treats imports started by {@code POST
 * /bulk/imports}. Read from a YAML file ({@code --scenario}) or the built-in demo set, whose fixed
 * IDs the examples in deploy/examples/ name.
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
 * starts:               # optional: imports created by POST /bulk/imports
 *   pending: 5s         # same script fields as above (no id, no uri)
 *   running: 1m
 *   maxRunning: 4       # refuse a start while this many imports run (default: no limit)
 *   integrations: [int-1]  # the storage integrations that exist (default: any is accepted)
 *   uris:               # optional: a script of its own for starts from one uri
 *     s3://bucket/reviews/: {outcome: Failed, error: "..."}
 * </pre>
 */
public record Scenario(Map<String, Entry> imports, Starts starts) {

  /** One import of a scenario. */
  public record Entry(String uri, ImportScript script) {}

  /**
   * How started imports behave.
   *
   * @param script what each started import goes through
   * @param maxRunning the limit of unfinished imports, or null for none
   * @param integrations the storage integrations that exist, or null to accept any
   * @param byUri scripts for starts from these exact uris, instead of {@code script}
   */
  public record Starts(
      ImportScript script,
      Integer maxRunning,
      List<String> integrations,
      Map<String, ImportScript> byUri) {
    public static final Starts DEFAULT = new Starts(ImportScript.quick(), null, null, Map.of());

    public Starts {
      byUri = byUri == null ? Map.of() : Map.copyOf(byUri);
    }
  }

  public Scenario(Map<String, Entry> imports) {
    this(imports, Starts.DEFAULT);
  }

  @JsonIgnoreProperties(ignoreUnknown = false)
  record FileEntry(
      String id,
      String uri,
      String pending,
      String running,
      String indexing,
      Integer steps,
      Long records,
      String outcome,
      String error) {}

  @JsonIgnoreProperties(ignoreUnknown = false)
  record FileStarts(
      String pending,
      String running,
      String indexing,
      Integer steps,
      Long records,
      String outcome,
      String error,
      Integer maxRunning,
      List<String> integrations,
      Map<String, FileScript> uris) {}

  @JsonIgnoreProperties(ignoreUnknown = false)
  record FileScript(
      String pending,
      String running,
      String indexing,
      Integer steps,
      Long records,
      String outcome,
      String error) {}

  @JsonIgnoreProperties(ignoreUnknown = false)
  record FileFormat(List<FileEntry> imports, FileStarts starts) {}

  /** The uris deploy/examples/ start from; the demo scenario scripts each one. */
  public static final String DEMO_PRODUCTS_URI = "s3://demo-bucket/products/2024-08/";

  public static final String DEMO_REVIEWS_URI = "s3://demo-bucket/reviews/2024-08/";
  public static final String DEMO_CLICKSTREAM_URI = "s3://demo-bucket/clickstream/2024-08/";
  public static final String DEMO_SESSIONS_URI = "gs://demo-bucket/sessions/2024-08/";

  public static final String DEMO_FAILURE =
      "Invalid parquet file s3://demo-bucket/reviews/part-0003.parquet: column 'values' has 767"
          + " dimensions, the index expects 768";

  /**
   * The demo's imports. {@code scale} stretches every duration (1.0 = the demo's own pace, about 15
   * seconds for the longest one that completes).
   */
  public static Scenario demo(double scale) {
    var products =
        new ImportScript(
                Duration.ofSeconds(2),
                Duration.ofSeconds(8),
                Duration.ofSeconds(3),
                4,
                1_000_000,
                BulkImport.COMPLETED,
                null)
            .scaled(scale);
    var reviews =
        new ImportScript(
                Duration.ofSeconds(2),
                Duration.ofSeconds(4),
                Duration.ZERO,
                2,
                250_000,
                BulkImport.FAILED,
                DEMO_FAILURE)
            .scaled(scale);
    var longRunning =
        new ImportScript(
                Duration.ofSeconds(2),
                Duration.ofSeconds(120),
                Duration.ofSeconds(30),
                10,
                50_000_000,
                BulkImport.COMPLETED,
                null)
            .scaled(scale);
    var catalog =
        new ImportScript(
                Duration.ofSeconds(2),
                Duration.ofSeconds(6),
                Duration.ofSeconds(2),
                3,
                120_000,
                BulkImport.COMPLETED,
                null)
            .scaled(scale);
    Map<String, Entry> m = new LinkedHashMap<>();
    m.put("101", new Entry("s3://demo-bucket/products/", products));
    m.put("102", new Entry("s3://demo-bucket/reviews/", reviews));
    m.put("103", new Entry("s3://demo-bucket/clickstream/", longRunning));
    m.put("104", new Entry("s3://demo-bucket/catalog/", catalog));
    // the examples start from these uris (not the seeded ones, so a start never looks like 101-103)
    Map<String, ImportScript> byUri = new LinkedHashMap<>();
    byUri.put(DEMO_PRODUCTS_URI, products);
    byUri.put(DEMO_REVIEWS_URI, reviews);
    byUri.put(DEMO_CLICKSTREAM_URI, longRunning);
    byUri.put(DEMO_SESSIONS_URI, longRunning);
    return new Scenario(m, new Starts(products, null, null, byUri));
  }

  public static Scenario read(Path file) throws IOException {
    FileFormat f = new YAMLMapper().readValue(file.toFile(), FileFormat.class);
    boolean noImports = f == null || f.imports() == null || f.imports().isEmpty();
    if (noImports && (f == null || f.starts() == null)) {
      throw new IllegalArgumentException(file + ": no imports and no starts listed");
    }
    Map<String, Entry> m = new LinkedHashMap<>();
    for (FileEntry e : noImports ? List.<FileEntry>of() : f.imports()) {
      if (e.id() == null || e.id().isEmpty()) {
        throw new IllegalArgumentException(file + ": every import needs an id");
      }
      var script =
          script(
              file + ": import " + e.id(),
              e.pending(),
              e.running(),
              e.indexing(),
              e.steps(),
              e.records(),
              e.outcome(),
              e.error());
      m.put(e.id(), new Entry(e.uri() == null ? "s3://bucket/" + e.id() + "/" : e.uri(), script));
    }
    FileStarts s = f.starts();
    if (s == null) {
      return new Scenario(m);
    }
    if (s.maxRunning() != null && s.maxRunning() < 1) {
      throw new IllegalArgumentException(file + ": starts: maxRunning must be at least 1");
    }
    Map<String, ImportScript> byUri = new LinkedHashMap<>();
    if (s.uris() != null) {
      s.uris()
          .forEach(
              (uri, given) -> {
                var u =
                    given == null
                        ? new FileScript(null, null, null, null, null, null, null)
                        : given;
                byUri.put(
                    uri,
                    script(
                        file + ": starts from " + uri,
                        u.pending(),
                        u.running(),
                        u.indexing(),
                        u.steps(),
                        u.records(),
                        u.outcome(),
                        u.error()));
              });
    }
    return new Scenario(
        m,
        new Starts(
            script(
                file + ": starts",
                s.pending(),
                s.running(),
                s.indexing(),
                s.steps(),
                s.records(),
                s.outcome(),
                s.error()),
            s.maxRunning(),
            s.integrations(),
            byUri));
  }

  private static ImportScript script(
      String where,
      String pending,
      String running,
      String indexing,
      Integer steps,
      Long records,
      String outcome,
      String error) {
    return new ImportScript(
        duration(where, "pending", pending, "10s"),
        duration(where, "running", running, "2m"),
        duration(where, "indexing", indexing, "30s"),
        steps == null ? 10 : steps,
        records == null ? 1_000_000 : records,
        outcome == null ? BulkImport.COMPLETED : outcome,
        error);
  }

  private static Duration duration(String where, String field, String text, String fallback) {
    String value = text == null ? fallback : text;
    return Durations.parse(value)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    where + ": " + field + " '" + value + "' is not a duration like 30s"));
  }

  /** Seeds every import of this scenario into the fake, created now, and sets up its starts. */
  public void seed(FakePineconeServer fake) {
    imports.forEach((id, e) -> fake.seed(id, e.uri(), e.script()));
    fake.startScript(starts.script());
    starts.byUri().forEach(fake::startScript);
    if (starts.maxRunning() != null) {
      fake.maxRunningImports(starts.maxRunning());
    }
    if (starts.integrations() != null) {
      fake.knownIntegrations(starts.integrations().toArray(String[]::new));
    }
  }
}
