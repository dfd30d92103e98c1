package io.github.nin4j.report;

import io.github.nin4j.base.AtomicFile;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** A confusion matrix as a heat map: true class down, predicted class across, counts in cells. */
public final class ConfusionMatrixChart {

    private final HeatMapChart chart;

    private ConfusionMatrixChart(HeatMapChart chart) {
        this.chart = chart;
    }

    /**
     * Draws a confusion matrix.
     *
     * @param counts counts by true class (rows) and predicted class (columns)
     * @param classNames the classes' names, in index order
     * @return the chart
     */
    public static ConfusionMatrixChart of(long[][] counts, List<String> classNames) {
        HeatMapChart chart =
                new HeatMapChartBuilder()
                        .width(900)
                        .height(760)
                        .title("Confusion matrix (test set)")
                        .xAxisTitle("predicted")
                        .yAxisTitle("true")
                        .build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler()
                .setRangeColors(
                        new Color[] {
                            new Color(247, 251, 255),
                            new Color(107, 174, 214),
                            new Color(8, 48, 107)
                        });
        chart.getStyler().setXAxisLabelRotation(45);
        List<Number[]> cells = new ArrayList<>();
        int n = counts.length;
        // Row 0 is drawn at the bottom, so rows are reversed to read top-down like the table.
        List<String> yNames = new ArrayList<>();
        for (int row = 0; row < n; row++) {
            yNames.add(classNames.get(n - 1 - row));
            for (int col = 0; col < n; col++) {
                cells.add(new Number[] {col, row, counts[n - 1 - row][col]});
            }
        }
        chart.addSeries("counts", classNames, yNames, cells);
        return new ConfusionMatrixChart(chart);
    }

    /**
     * Writes the chart as PNG, atomically.
     *
     * @param path the PNG file
     */
    public void writePng(Path path) {
        AtomicFile.write(
                path, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
