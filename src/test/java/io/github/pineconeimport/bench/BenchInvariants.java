package io.github.pineconeimport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The benchmark's invariants, asserted on counts only (never on time), so they hold on a busy
 * machine: what the operator costs per import is bounded by what the profile makes necessary. Each
 * subclass runs the bench once, small, on one kind of API server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BenchInvariants {

  Path out;

  BenchResults results;
  PhaseResult ours;
  PhaseResult naive;
  final List<String> progress = new ArrayList<>();

  /** The run to check, writing under {@code out}. */
  abstract BenchOptions options(Path out);

  int imports() {
    return options(out).imports().get(0);
  }

  @BeforeAll
  void runBenchmark() throws Exception {
    out = Files.createTempDirectory("bench-smoke");
    results = Benchmark.run(options(out), progress::add);
    ours = results.runs().get(0).operator();
    naive = results.runs().get(0).baseline();
  }

  @AfterAll
  void deleteTheOutput() throws IOException {
    try (var files = Files.walk(out)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  @Test
  void everyImportEndsUnderBothPollers() {
    assertThat(ours.finished()).isTrue();
    assertThat(ours.ended()).isEqualTo(imports());
    assertThat(naive.finished()).isTrue();
    assertThat(naive.ended()).isEqualTo(imports());
  }

  @Test
  void theOperatorAsksPineconeNoMoreThanAnIdealPollerWould() {
    assertThat(ours.pinecone().requests())
        .isGreaterThanOrEqualTo(imports())
        .isLessThanOrEqualTo((long) Math.floor(ours.pinecone().idealTotal() * 1.05));
  }

  @Test
  void theOperatorWritesStatusOncePerVisibleChangeAndNeverOtherwise() {
    assertThat(ours.kubernetes().visibleChanges()).isGreaterThanOrEqualTo(2L * imports());
    assertThat(ours.kubernetes().statusWrites()).isEqualTo(ours.kubernetes().visibleChanges());
    assertThat(ours.kubernetes().importsWithWritesNotEqualToChanges()).isZero();
  }

  @Test
  void theOperatorRaisesOneEventPerTransition() {
    assertThat(ours.events().total())
        .isEqualTo((long) imports() * options(out).profile().transitions());
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
}
