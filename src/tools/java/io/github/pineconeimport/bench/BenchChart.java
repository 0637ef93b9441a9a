package io.github.pineconeimport.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

/** Requests and status writes per import, operator beside baseline beside the ideal, as a PNG. */
public final class BenchChart {

  private static final Color OPERATOR = new Color(0x1f, 0x77, 0xb4);
  private static final Color BASELINE = new Color(0xd6, 0x27, 0x28);
  private static final Color IDEAL = new Color(0x9e, 0x9e, 0x9e);
  private static final String IDEAL_SERIES =
      "ideal (requests: one per poll until the end; writes: one per visible change)";

  private BenchChart() {}

  public static void write(BenchResults results, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    var requests = new DefaultCategoryDataset();
    var writes = new DefaultCategoryDataset();
    for (var run : results.runs()) {
      String n = String.format(Locale.ROOT, "N = %,d", run.imports());
      var o = run.operator();
      requests.addValue(o.pinecone().perImport(), "operator", n);
      writes.addValue(o.kubernetes().statusWritesPerImport(), "operator", n);
      if (run.baseline() != null) {
        requests.addValue(run.baseline().pinecone().perImport(), "naive baseline", n);
        writes.addValue(run.baseline().kubernetes().statusWritesPerImport(), "naive baseline", n);
      }
      // one series name for both plots, so the legend lists it once
      requests.addValue(o.pinecone().idealPerImport(), IDEAL_SERIES, n);
      writes.addValue(o.kubernetes().visibleChangesPerImport(), IDEAL_SERIES, n);
    }
    var plot = new CombinedDomainCategoryPlot(new CategoryAxis("imports in the run"));
    plot.setGap(18);
    CategoryPlot top = subplot(requests, "Pinecone requests per import");
    plot.add(top, 1);
    plot.add(subplot(writes, "status writes per import"), 1);
    plot.setFixedLegendItems(top.getLegendItems());
    var chart = new JFreeChart(null, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
    chart.addSubtitle(
        new TextTitle(
            String.format(
                Locale.ROOT,
                "What one import costs: operator vs naive poller (poll %d s, quiet stretch %d"
                    + " polls)",
                results.settings().pollMillis() / 1000,
                results.settings().quietPolls()),
            new Font(Font.SANS_SERIF, Font.BOLD, 15)));
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 700);
  }

  private static CategoryPlot subplot(DefaultCategoryDataset data, String label) {
    var axis = new NumberAxis(label);
    axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    var renderer = new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.05);
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new java.text.DecimalFormat("0.0")));
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int i = 0; i < data.getRowCount(); i++) {
      String series = (String) data.getRowKey(i);
      renderer.setSeriesPaint(
          i,
          series.startsWith("operator") ? OPERATOR : series.startsWith("naive") ? BASELINE : IDEAL);
      renderer.setSeriesOutlineStroke(i, new BasicStroke(0));
    }
    var plot = new CategoryPlot(data, null, axis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    // room above the tallest bar for its label
    axis.setUpperMargin(0.15);
    return plot;
  }
}
