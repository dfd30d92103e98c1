package io.github.nin4j.report;

import io.github.nin4j.base.AtomicFile;
import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plot d2l's {@code train_ch6} draws with its {@code Animator}: train loss and train accuracy
 * five times per epoch, test accuracy once per epoch, against the epoch, with the book's legend.
 *
 * <p>It draws plain points, not a training history: the report package sits below the training loop
 * and knows nothing of it, so that training may use it without a cycle between the two.
 */
public final class TrainingCurves {

    /**
     * A point of one curve.
     *
     * @param epoch the (fractional) epoch, the x axis
     * @param value the value, the y axis
     */
    public record Point(double epoch, double value) {}

    private final XYChart chart;

    private TrainingCurves(XYChart chart) {
        this.chart = chart;
    }

    /**
     * Draws the three curves; one with no points is left out.
     *
     * @param trainLoss the running training loss, five points per epoch
     * @param trainAccuracy the running training accuracy, at the same epochs
     * @param testAccuracy the test accuracy, one point per epoch
     * @param epochs the run's planned epochs, the x axis' end
     * @return the plot
     */
    public static TrainingCurves of(
            List<Point> trainLoss,
            List<Point> trainAccuracy,
            List<Point> testAccuracy,
            int epochs) {
        XYChart chart =
                new XYChartBuilder()
                        .width(700)
                        .height(500)
                        .title("NiN on Fashion-MNIST")
                        .xAxisTitle("epoch")
                        .yAxisTitle("")
                        .build();
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisMin(1.0);
        chart.getStyler().setXAxisMax((double) Math.max(epochs, 1));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        line(chart, "train loss", trainLoss, new Color(31, 119, 180), false);
        line(chart, "train acc", trainAccuracy, new Color(191, 0, 191), true);
        line(chart, "test acc", testAccuracy, new Color(0, 128, 0), true);
        return new TrainingCurves(chart);
    }

    private static void line(
            XYChart chart, String name, List<Point> points, Color color, boolean dashed) {
        if (points.isEmpty()) {
            return;
        }
        double[] x = points.stream().mapToDouble(Point::epoch).toArray();
        double[] y = points.stream().mapToDouble(Point::value).toArray();
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(x.length == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setMarkerColor(color);
        // The book draws train loss solid, train acc dashed and test acc dash-dotted.
        series.setLineStyle(
                dashed
                        ? new BasicStroke(
                                2f,
                                BasicStroke.CAP_BUTT,
                                BasicStroke.JOIN_ROUND,
                                10f,
                                name.startsWith("test")
                                        ? new float[] {8f, 3f, 2f, 3f}
                                        : new float[] {6f, 4f},
                                0f)
                        : new BasicStroke(2f));
    }

    /**
     * Writes the plot as PNG, atomically.
     *
     * @param path the PNG file
     */
    public void writePng(Path path) {
        AtomicFile.write(
                path, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * Writes the plot as SVG, atomically.
     *
     * @param path the SVG file
     */
    public void writeSvg(Path path) {
        AtomicFile.write(
                path,
                out ->
                        VectorGraphicsEncoder.saveVectorGraphic(
                                chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
    }
}
