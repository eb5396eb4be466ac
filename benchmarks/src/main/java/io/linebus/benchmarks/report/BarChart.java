package io.linebus.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleFunction;
import javax.imageio.ImageIO;

/**
 * A horizontal bar chart drawn with Java 2D (headless): rows of one or more bars, each row labelled on
 * the left and each bar with its value at its end, optional section headings, a legend, a linear or
 * logarithmic value axis with grid lines.
 */
final class BarChart {
    /** One legend entry. */
    record Series(String name, Color color) {
    }

    private record Row(String label, double[] values, Color[] colors) {
    }

    private static final int WIDTH = 1500;
    private static final int MARGIN = 24;
    private static final int BAR_HEIGHT = 18;
    private static final int BAR_GAP = 3;
    private static final int ROW_GAP = 12;
    private static final int HEADING_HEIGHT = 34;
    private static final int VALUE_SPACE = 120;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font HEADING_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font SMALL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Color TEXT = new Color(0x22, 0x22, 0x22);

    private final String title;
    private final String axisLabel;
    private final boolean logScale;
    private final DoubleFunction<String> valueText;
    private final DoubleFunction<String> tickText;
    private final List<Object> items = new ArrayList<>();
    private List<Series> legend = List.of();

    /**
     * @param valueText writes the value at the end of each bar
     * @param tickText writes the value of each grid line
     */
    BarChart(String title, String axisLabel, boolean logScale, DoubleFunction<String> valueText,
            DoubleFunction<String> tickText) {
        this.title = Objects.requireNonNull(title, "title");
        this.axisLabel = Objects.requireNonNull(axisLabel, "axisLabel");
        this.logScale = logScale;
        this.valueText = Objects.requireNonNull(valueText, "valueText");
        this.tickText = Objects.requireNonNull(tickText, "tickText");
    }

    BarChart legend(List<Series> series) {
        legend = List.copyOf(series);
        return this;
    }

    BarChart heading(String text) {
        items.add(text);
        return this;
    }

    /** A row of bars, one per value, drawn in the given colors (same length). */
    BarChart row(String label, double[] values, Color[] colors) {
        if (values.length == 0 || values.length != colors.length) {
            throw new IllegalArgumentException("A row needs one color per value, and at least one value");
        }
        items.add(new Row(label, values.clone(), colors.clone()));
        return this;
    }

    boolean isEmpty() {
        return items.stream().noneMatch(Row.class::isInstance);
    }

    void write(Path png) {
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ImageIO.write(render(), "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + png, e);
        }
    }

    BufferedImage render() {
        BufferedImage measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D probe = measure.createGraphics();
        FontMetrics labelMetrics = probe.getFontMetrics(LABEL_FONT);
        int labelWidth = 0;
        int contentHeight = 0;
        for (Object item : items) {
            if (item instanceof Row row) {
                labelWidth = Math.max(labelWidth, labelMetrics.stringWidth(row.label()));
                contentHeight += row.values().length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + ROW_GAP;
            } else {
                contentHeight += HEADING_HEIGHT;
            }
        }
        probe.dispose();

        int plotLeft = MARGIN + labelWidth + 16;
        int plotRight = WIDTH - MARGIN - VALUE_SPACE;
        int legendHeight = legend.isEmpty() ? 0 : 30;
        int plotTop = MARGIN + 34 + legendHeight;
        int plotBottom = plotTop + contentHeight;
        int height = plotBottom + 60;

        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(TEXT);
            g.setFont(TITLE_FONT);
            g.drawString(title, MARGIN, MARGIN + 20);
            drawLegend(g, MARGIN + 44);
            Axis axis = axis(plotLeft, plotRight);
            drawGrid(g, axis, plotTop, plotBottom);
            drawItems(g, axis, plotTop);
        } finally {
            g.dispose();
        }
        return image;
    }

    private void drawLegend(Graphics2D g, int baseline) {
        g.setFont(LABEL_FONT);
        int x = MARGIN;
        for (Series series : legend) {
            g.setColor(series.color());
            g.fillRect(x, baseline - 12, 14, 14);
            g.setColor(TEXT);
            g.drawString(series.name(), x + 20, baseline);
            x += 20 + g.getFontMetrics().stringWidth(series.name()) + 28;
        }
    }

    private void drawGrid(Graphics2D g, Axis axis, int top, int bottom) {
        g.setFont(SMALL_FONT);
        FontMetrics metrics = g.getFontMetrics();
        for (double tick : axis.ticks()) {
            int x = axis.position(tick);
            g.setColor(GRID);
            g.setStroke(new BasicStroke(1f));
            g.drawLine(x, top - 4, x, bottom);
            g.setColor(TEXT);
            String text = tickText.apply(tick);
            g.drawString(text, x - metrics.stringWidth(text) / 2, bottom + 18);
        }
        g.setColor(TEXT);
        g.drawLine(axis.left(), top - 4, axis.left(), bottom);
        g.drawLine(axis.left(), bottom, axis.right(), bottom);
        String label = axisLabel + (logScale ? " (log scale)" : "");
        g.drawString(label, axis.left() + (axis.right() - axis.left() - metrics.stringWidth(label)) / 2, bottom + 40);
    }

    private void drawItems(Graphics2D g, Axis axis, int top) {
        int y = top;
        for (Object item : items) {
            if (item instanceof Row row) {
                g.setFont(LABEL_FONT);
                g.setColor(TEXT);
                int rowHeight = row.values().length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP;
                FontMetrics metrics = g.getFontMetrics();
                g.drawString(row.label(), axis.left() - 12 - metrics.stringWidth(row.label()),
                        y + rowHeight / 2 + metrics.getAscent() / 2 - 2);
                g.setFont(SMALL_FONT);
                for (int i = 0; i < row.values().length; i++) {
                    double value = row.values()[i];
                    int barTop = y + i * (BAR_HEIGHT + BAR_GAP);
                    int end = Double.isFinite(value) && (!logScale || value > 0) ? axis.position(value) : axis.left();
                    g.setColor(row.colors()[i]);
                    g.fillRect(axis.left() + 1, barTop, Math.max(1, end - axis.left()), BAR_HEIGHT);
                    g.setColor(TEXT);
                    g.drawString(valueText.apply(value), end + 6, barTop + BAR_HEIGHT - 4);
                }
                y += rowHeight + ROW_GAP;
            } else {
                g.setFont(HEADING_FONT);
                g.setColor(TEXT);
                g.drawString((String) item, MARGIN, y + HEADING_HEIGHT - 12);
                y += HEADING_HEIGHT;
            }
        }
    }

    private Axis axis(int left, int right) {
        double max = 0.0;
        double min = Double.MAX_VALUE;
        for (Object item : items) {
            if (item instanceof Row row) {
                for (double value : row.values()) {
                    if (Double.isFinite(value) && value > 0) {
                        max = Math.max(max, value);
                        min = Math.min(min, value);
                    }
                }
            }
        }
        if (max == 0.0) {
            max = 1.0;
            min = 1.0;
        }
        if (logScale) {
            double low = Math.pow(10, Math.floor(Math.log10(min)));
            double high = Math.pow(10, Math.ceil(Math.log10(max)));
            if (high <= low) {
                high = low * 10;
            }
            List<Double> ticks = new ArrayList<>();
            for (double tick = low; tick <= high * 1.0001; tick *= 10) {
                ticks.add(tick);
            }
            return new Axis(left, right, low, high, true, ticks);
        }
        double step = niceStep(max / 6);
        double high = Math.ceil(max / step) * step;
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; i * step <= high * 1.0001; i++) {
            ticks.add(i * step);
        }
        return new Axis(left, right, 0.0, high, false, ticks);
    }

    /** The smallest of 1, 2, 5 times a power of ten that is at least {@code raw}. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= raw) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private record Axis(int left, int right, double low, double high, boolean log, List<Double> ticks) {
        int position(double value) {
            double fraction = log ? (Math.log10(value) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))
                    : (value - low) / (high - low);
            return left + (int) Math.round(Math.max(0.0, Math.min(1.0, fraction)) * (right - left));
        }
    }
}
