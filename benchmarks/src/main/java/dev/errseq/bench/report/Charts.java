package dev.errseq.bench.report;

import dev.errseq.bench.report.Results.Score;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The report's chart: four JFreeChart panels in one PNG. The empty call per bridge (log
 * scale), the word's operations in C, through JNI and in the Java twin, throughput under
 * contention, and syncfs and fsync per call path.
 */
final class Charts {
    private static final int PANEL_WIDTH = 900;
    private static final int PANEL_HEIGHT = 620;
    private static final int HEADER = 56;
    private static final Color[] SERIES = {
        new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52),
    };

    private Charts() {
    }

    static void write(Results results, String jdk, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, HEADER + 2 * PANEL_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString("errseq-jni benchmarks on " + results.runtimes().get(jdk).description(),
                20, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        g.drawString(Machine.describe(), 20, 44);

        JFreeChart[] panels = {
            floor(results, jdk), words(results, jdk), contention(results, jdk), syncs(results, jdk),
        };
        for (int i = 0; i < panels.length; i++) {
            Rectangle2D area = new Rectangle2D.Double((i % 2) * PANEL_WIDTH,
                    HEADER + (i / 2) * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT);
            panels[i].draw(g, area);
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static JFreeChart floor(Results r, String jdk) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        add(data, r.get(Results.C, "call.nop"), "ns/op", "C direct call (no JVM)");
        add(data, r.get(jdk, "BridgeBench.javaCall"), "ns/op", "Java call, not inlined");
        add(data, r.get(jdk, Report.FLOOR), "ns/op", "JNI (library)");
        add(data, r.get(jdk, "FfmBench.nop"), "ns/op", "FFM downcall");
        add(data, r.get(jdk, "FfmBench.nopCritical"), "ns/op", "FFM critical downcall");
        add(data, r.get(jdk, "BridgeBench.jnaDirectNop"), "ns/op", "JNA direct mapping");
        add(data, r.get(jdk, "BridgeBench.jnaInterfaceNop"), "ns/op", "JNA interface mapping");
        JFreeChart chart = bars("One call that does nothing (ns/op, log scale)", data,
                PlotOrientation.HORIZONTAL, false);
        LogAxis log = new LogAxis("ns/op");
        log.setBase(10);
        log.setSmallestValue(0.5);
        log.setTickUnit(new NumberTickUnit(1));
        log.setMinorTickCount(9);
        log.setMinorTickMarksVisible(true);
        log.setNumberFormatOverride(new DecimalFormat("0.#"));
        log.setUpperMargin(0.2);
        log.setLabelFont(axisFont());
        log.setTickLabelFont(axisFont());
        chart.getCategoryPlot().setRangeAxis(log);
        return chart;
    }

    private static JFreeChart words(Results r, String jdk) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        String[][] ops = {
            {"set", "set"}, {"sample", "sample"}, {"check", "check"},
            {"checkAndAdvance", "checkAndAdvance"}, {"setThenCheckAndAdvance", "set+cAA"},
        };
        for (String layout : new String[] {"UPSTREAM", "SPLIT"}) {
            String prefix = layout.equals("UPSTREAM") ? "upstream " : "split ";
            String c = layout.equals("UPSTREAM") ? "upstream." : "split.";
            for (String[] op : ops) {
                String label = prefix + op[1];
                add(data, r.get(Results.C, c + op[0]), "C core", label);
                add(data, wordScore(r, jdk, "java", layout, op[0]), "Java twin", label);
                add(data, wordScore(r, jdk, "native", layout, op[0]), "native (JNI)", label);
                if (layout.equals("SPLIT") && op[0].equals("sample")) {
                    add(data, r.get(Results.C, "split.peek"), "C core", "split peek");
                    add(data, r.get(jdk, "PeekBench.peek[impl=java]"), "Java twin", "split peek");
                    add(data, r.get(jdk, "PeekBench.peek[impl=native]"), "native (JNI)",
                            "split peek");
                }
            }
        }
        JFreeChart chart = bars("The word's operations, one thread (ns/op)", data,
                PlotOrientation.VERTICAL, true);
        chart.getCategoryPlot().getDomainAxis()
                .setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        ((BarRenderer) chart.getCategoryPlot().getRenderer()).setDefaultItemLabelsVisible(false);
        return chart;
    }

    private static Optional<Score> wordScore(Results r, String jdk, String impl, String layout,
            String op) {
        return r.get(jdk, "WordBench." + op + "[impl=" + impl + ",layout=" + layout + "]");
    }

    private static JFreeChart contention(Results r, String jdk) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        String[][] groups = {
            {"nativeWord", "nativeSet", "nativeCheckAndAdvance", "native (JNI)"},
            {"javaWord", "javaSet", "javaCheckAndAdvance", "Java twin"},
            {"atomicInteger", "atomicIncrementA", "atomicIncrementB", "AtomicInteger"},
        };
        for (String[] g : groups) {
            String key = "ContentionBench." + g[0];
            add(data, r.get(jdk, key + ":" + g[1]), "2 threads: set (AtomicInteger: incrementAndGet)",
                    g[3]);
            add(data, r.get(jdk, key + ":" + g[2]),
                    "2 threads: checkAndAdvance (AtomicInteger: incrementAndGet)", g[3]);
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(
                "Contention on one word, 4 threads (ops/µs, higher is better)", null, "ops/µs",
                data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        return chart;
    }

    private static JFreeChart syncs(Results r, String jdk) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        add(data, r.get(Results.C, "sys.syncfs"), "ns/op", "syncfs: C loop (no JVM)");
        add(data, r.get(Results.C, "sys.syncfs.threaded"), "ns/op",
                "syncfs: C loop, 2 threads (no JVM)");
        add(data, r.get(jdk, "SyncBench.cLoopSyncfs"), "ns/op", "syncfs: C loop in the JVM");
        add(data, r.get(jdk, "SyncBench.librarySyncfs"), "ns/op", "syncfs: library FsHandle");
        add(data, r.get(jdk, "FfmBench.syncfs"), "ns/op", "syncfs: FFM");
        add(data, r.get(jdk, "SyncBench.jnaDirectSyncfs"), "ns/op", "syncfs: JNA direct");
        add(data, r.get(jdk, "SyncBench.jnaInterfaceSyncfs"), "ns/op", "syncfs: JNA interface");
        add(data, r.get(Results.C, "sys.fsync"), "ns/op", "fsync: C loop (no JVM)");
        add(data, r.get(Results.C, "sys.fsync.threaded"), "ns/op",
                "fsync: C loop, 2 threads (no JVM)");
        add(data, r.get(jdk, "SyncBench.cLoopFsync"), "ns/op", "fsync: C loop in the JVM");
        add(data, r.get(jdk, "SyncBench.libraryFsync"), "ns/op", "fsync: library FsHandle");
        add(data, r.get(jdk, "SyncBench.fileSyncsFsync"), "ns/op", "fsync: library FileSyncs");
        add(data, r.get(jdk, "SyncBench.channelForce"), "ns/op", "fsync: FileChannel.force");
        return bars("syncfs and fsync on tmpfs, end to end (ns/op)", data,
                PlotOrientation.HORIZONTAL, false);
    }

    private static void add(DefaultCategoryDataset data, Optional<Score> score, String series,
            String category) {
        score.ifPresent(s -> data.addValue(s.value(), series, category));
    }

    private static JFreeChart bars(String title, DefaultCategoryDataset data,
            PlotOrientation orientation, boolean legend) {
        JFreeChart chart = ChartFactory.createBarChart(title, null, "ns/op", data, orientation,
                legend, false, false);
        style(chart);
        BarRenderer renderer = (BarRenderer) chart.getCategoryPlot().getRenderer();
        renderer.setDefaultItemLabelGenerator(new ValueLabels());
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(
                ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
        return chart;
    }

    /** Bar labels with three significant digits, as in the report's tables. */
    private static final class ValueLabels extends StandardCategoryItemLabelGenerator {
        private static final long serialVersionUID = 1L;

        @Override
        public String generateLabel(CategoryDataset dataset, int row, int column) {
            Number value = dataset.getValue(row, column);
            return value == null ? null : Report.fmt(value.doubleValue());
        }
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setTitle(new TextTitle(chart.getTitle().getText(),
                new Font(Font.SANS_SERIF, Font.BOLD, 18)));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(new Color(0xF4F4F4));
        plot.setRangeGridlinePaint(Color.GRAY);
        plot.setRangeGridlineStroke(new BasicStroke(0.5f));
        plot.setOutlineVisible(false);
        CategoryAxis domain = plot.getDomainAxis();
        domain.setTickLabelFont(axisFont());
        domain.setMaximumCategoryLabelLines(2);
        if (plot.getRangeAxis() instanceof NumberAxis range) {
            range.setLabelFont(axisFont());
            range.setTickLabelFont(axisFont());
            range.setUpperMargin(0.15);
        }
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        for (int i = 0; i < SERIES.length; i++) {
            renderer.setSeriesPaint(i, SERIES[i]);
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(axisFont());
        }
    }

    private static Font axisFont() {
        return new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    }
}
