package io.github.pineconeimport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench command, small: 50 imports on the short profile, operator then naive baseline. It
 * asserts the benchmark's invariants on counts only (never on time), so it holds on a busy
 * machine: what the operator costs per import is bounded by what the profile makes necessary.
 */
class BenchmarkSmokeTest {

  static final int IMPORTS = 50;

  @TempDir
  static Path out;

  static BenchResults results;
  static PhaseResult ours;
  static PhaseResult naive;
  static final List<String> progress = new ArrayList<>();

  @BeforeAll
  static void runBenchmark() throws Exception {
    var options = new BenchOptions(List.of(IMPORTS), Profile.smoke(), out, Duration.ofMinutes(2),
        4, true, false);
    results = Benchmark.run(options, progress::add);
    ours = results.runs().get(0).operator();
    naive = results.runs().get(0).baseline();
  }

  @Test
  void everyImportEndsUnderBothPollers() {
    assertThat(ours.finished()).isTrue();
    assertThat(ours.ended()).isEqualTo(IMPORTS);
    assertThat(naive.finished()).isTrue();
    assertThat(naive.ended()).isEqualTo(IMPORTS);
  }

  @Test
  void theOperatorAsksPineconeNoMoreThanAnIdealPollerWould() {
    assertThat(ours.pinecone().requests())
        .isGreaterThanOrEqualTo(IMPORTS)
        .isLessThanOrEqualTo((long) Math.floor(ours.pinecone().idealTotal() * 1.05));
  }

  @Test
  void theOperatorWritesStatusOncePerVisibleChangeAndNeverOtherwise() {
    assertThat(ours.kubernetes().visibleChanges()).isGreaterThanOrEqualTo(2L * IMPORTS);
    assertThat(ours.kubernetes().statusWrites()).isEqualTo(ours.kubernetes().visibleChanges());
    assertThat(ours.kubernetes().importsWithWritesNotEqualToChanges()).isZero();
  }

  @Test
  void theOperatorRaisesOneEventPerTransition() {
    assertThat(ours.events().total()).isEqualTo((long) IMPORTS * Profile.smoke().transitions());
    assertThat(ours.events().importsWithEventsNotEqualToTransitions()).isZero();
  }

  @Test
  void theOperatorIsSilentOnceEveryImportHasEnded() {
    assertThat(ours.quiet().pineconeRequests()).isZero();
    assertThat(ours.quiet().statusWrites()).isZero();
  }

  @Test
  void theBaselineIsMeasuredOnTheSameWorkAndNeverStops() {
    assertThat(naive.quiet().pineconeRequests()).isPositive();
    assertThat(naive.quiet().statusWrites()).isPositive();
    assertThat(naive.kubernetes().statusWrites()).isGreaterThan(ours.kubernetes().statusWrites());
    assertThat(naive.pinecone().requests()).isGreaterThan(ours.pinecone().requests());
  }

  @Test
  void writesTheTableTheJsonAndAReadableChart() throws Exception {
    String table = BenchReport.markdown(results, out);
    assertThat(table).contains("### N = 50", "| Pinecone requests (ideal", "naive baseline");

    var json = JsonMapper.builder().build().readTree(out.resolve(Benchmark.RESULTS).toFile());
    assertThat(json.path("runs").get(0).path("operator").path("kubernetes").path("statusWrites")
        .asLong()).isEqualTo(ours.kubernetes().statusWrites());

    BufferedImage chart = ImageIO.read(out.resolve(Benchmark.CHART).toFile());
    assertThat(chart).isNotNull();
    assertThat(chart.getWidth()).isGreaterThanOrEqualTo(800);
  }
}
