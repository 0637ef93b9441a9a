package io.github.pineconeimport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The bench command, small, on the in-process mock API server: 50 imports, short profile. */
class BenchmarkSmokeIT extends BenchInvariants {

  @Override
  BenchOptions options(Path out) {
    return new BenchOptions(
        List.of(50), Profile.smoke(), out, Duration.ofMinutes(2), 4, true, false);
  }

  @Test
  void writesTheTableTheJsonAndAReadableChart() throws Exception {
    String table = BenchReport.markdown(results, out);
    assertThat(table).contains("### N = 50", "| Pinecone requests (ideal", "naive baseline");

    var json = JsonMapper.builder().build().readTree(out.resolve(Benchmark.RESULTS).toFile());
    assertThat(
            json.path("runs")
                .get(0)
                .path("operator")
                .path("kubernetes")
                .path("statusWrites")
                .asLong())
        .isEqualTo(ours.kubernetes().statusWrites());

    BufferedImage chart = ImageIO.read(out.resolve(Benchmark.CHART).toFile());
    assertThat(chart).isNotNull();
    assertThat(chart.getWidth()).isGreaterThanOrEqualTo(800);
  }
}
