package io.github.pineconeimport.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void readsTheDocumentedCommandLine() {
    var o =
        BenchOptions.parse(
            new String[] {
              "--imports",
              "1000,5000,10_000",
              "--poll",
              "2s",
              "--quiet",
              "5",
              "--out",
              "/tmp/b",
              "--no-warm-up"
            });
    assertThat(o.imports()).containsExactly(1000, 5000, 10000);
    assertThat(o.profile().poll()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.profile().quietPolls()).isEqualTo(5);
    assertThat(o.outDir()).isEqualTo(Path.of("/tmp/b"));
    assertThat(o.baseline()).isTrue();
    assertThat(o.warmUp()).isFalse();
  }

  @Test
  void defaultsToASmallRunWithTheBaseline() {
    var o = BenchOptions.parse(new String[0]);
    assertThat(o.imports()).isEqualTo(List.of(100, 1000));
    assertThat(o.profile()).isEqualTo(Profile.realistic(Duration.ofSeconds(1)));
  }

  @Test
  void lengthensTheIndexingStretchWithoutChangingTheVisibleStates() {
    var standard = BenchOptions.parse(new String[] {"--poll", "5s"}).profile();
    var longer = BenchOptions.parse(new String[] {"--poll", "5s", "--indexing", "60"}).profile();
    assertThat(longer.indexingPolls()).isEqualTo(60);
    assertThat(longer.visibleChanges()).isEqualTo(standard.visibleChanges());
    assertThat(longer.idealRequests(0)).isEqualTo(standard.idealRequests(0) + 48);
  }

  @Test
  void namesTheOptionItCannotRead() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--imports", "ten"}))
        .hasMessageContaining("--imports");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--frobnicate"}))
        .hasMessageContaining("--frobnicate");
  }

  @Test
  void runsOnTheClusterOfAKubeconfigWhenGivenOne() {
    var mock = BenchOptions.parse(new String[0]);
    assertThat(mock.kubeconfig()).isNull();

    var real = BenchOptions.parse(new String[] {"--kubeconfig", "/tmp/kc", "--context", "kind"});
    assertThat(real.kubeconfig()).isEqualTo(Path.of("/tmp/kc"));
    assertThat(real.context()).isEqualTo("kind");
    assertThat(BenchOptions.parse(new String[] {"--kubeconfig", "/tmp/kc"}).context()).isNull();
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--context", "kind"}))
        .hasMessageContaining("--kubeconfig");
  }

  @Test
  void readsTheRestartAndBaselineOnlyModes() {
    var plain = BenchOptions.parse(new String[0]);
    assertThat(plain.restart()).isFalse();
    assertThat(plain.baselineOnly()).isFalse();
    assertThat(BenchOptions.parse(new String[] {"--restart"}).restart()).isTrue();
    assertThat(BenchOptions.parse(new String[] {"--baseline-only"}).baselineOnly()).isTrue();
  }
}
