package dev.tribuoctr.examples.reports;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Loss-per-epoch plots with XChart, rendered headless to PNG: one colour per method, the training loss solid and
 * the held-out loss dashed.
 */
public final class LossPlots {
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private LossPlots() { }

    /**
     * Draws one PNG.
     * @param title chart title
     * @param runs the runs to plot (those without history are skipped)
     * @param heldOutName what the second curve is ("validation" or "test")
     * @return the PNG's bytes
     * @throws IOException if no run has a history, or the image cannot be encoded
     */
    public static byte[] png(String title, List<RunRecord> runs, String heldOutName) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title)
                .xAxisTitle("epoch").yAxisTitle("log loss").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0");
        int c = 0;
        for (RunRecord run : runs) {
            if (!run.hasHistory()) {
                continue;
            }
            Color colour = COLOURS[c++ % COLOURS.length];
            add(chart, run.method() + " train", run.trainLoss(), colour, SeriesLines.SOLID);
            add(chart, run.method() + " " + heldOutName, run.validationLoss(), colour, SeriesLines.DASH_DASH);
        }
        if (c == 0) {
            throw new IOException("No run with a history to plot for " + title);
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static void add(XYChart chart, String name, double[] values, Color colour, java.awt.BasicStroke line) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                x.add((double) (i + 1));
                y.add(values[i]);
            }
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setLineStyle(line);
        s.setMarker(SeriesMarkers.CIRCLE);
    }
}
