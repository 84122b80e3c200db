package dev.leanagent.minif2f;

import dev.leanagent.search.ProofResult;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code chart.png}: a run's figures in one picture. Six panels: pass rate with its 95% interval
 * beside the published Lean 3 numbers; pass rate per category; the distributions (empirical CDFs)
 * of time and expansions for proved and unproved theorems; outcomes; the commonest reasons.
 * Drawn with Java2D so no plotting library or Python is needed.
 */
public final class Chart {

    static final int WIDTH = 1400, HEIGHT = 1260, PANEL_W = WIDTH / 2, PANEL_H = HEIGHT / 3;
    static final Color RUN = new Color(0x2b6cb0), RUN_K = new Color(0x90cdf4), PUBLISHED = new Color(0xa0aec0),
            PROVED = new Color(0x2f855a), NOT_PROVED = new Color(0xc53030), INK = new Color(0x1a202c),
            GRID = new Color(0xe2e8f0), WHISKER = Color.BLACK;

    private Chart() {
    }

    public static void write(Path file, Summary s, List<ProofResult> results) throws IOException {
        BufferedImage image = render(s, results);
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        if (!ImageIO.write(image, "png", partial.toFile())) throw new IOException("no PNG writer in this Java");
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static BufferedImage render(Summary s, List<ProofResult> results) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            List<ProofResult> firsts = results.stream().filter(r -> r.attempt() == 1).toList();
            passRates(panel(g, 0, 0), s);
            categories(panel(g, 1, 0), s);
            cdf(panel(g, 0, 1), "Time per theorem (s), first attempts", firsts, ProofResult::seconds);
            cdf(panel(g, 1, 1), "Expansions per theorem, first attempts", firsts, r -> r.expansions());
            horizontal(panel(g, 0, 2), "Outcomes (first attempts)", s.statuses().entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue())).toList(), PUBLISHED);
            horizontal(panel(g, 1, 2), "Why not proved (commonest)", s.reasons().stream().limit(8)
                    .map(r -> Map.entry(r.reason(), r.count())).toList(), NOT_PROVED);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Where a panel's plot area lies; its title sits above. */
    record Panel(Graphics2D g, int x, int y, int w, int h) {
    }

    private static Panel panel(Graphics2D g, int col, int row) {
        return new Panel(g, col * PANEL_W + 70, row * PANEL_H + 40, PANEL_W - 110, PANEL_H - 110);
    }

    /** A linear map from values to pixels. */
    record Axis(double min, double max, int from, int to) {
        int at(double v) {
            double t = (Math.max(min, Math.min(max, v)) - min) / (max - min);
            return (int) Math.round(from + t * (to - from));
        }
    }

    /** 0–50% when every bar and interval fits, else 0–100%: small rates stay readable. */
    static double rateCeiling(List<Double> highs) {
        return highs.stream().allMatch(h -> h <= 0.5) ? 0.5 : 1.0;
    }

    private static void passRates(Panel p, Summary s) {
        List<String> names = new ArrayList<>();
        List<double[]> bars = new ArrayList<>();  // rate, low, high (NaN when published)
        List<Color> colors = new ArrayList<>();
        names.add("this run, pass@1");
        bars.add(new double[]{s.passAt1().rate(), s.passAt1().low(), s.passAt1().high()});
        colors.add(RUN);
        if (s.attempts() > 1) {
            names.add("this run, pass@" + s.attempts());
            bars.add(new double[]{s.passAtK().rate(), s.passAtK().low(), s.passAtK().high()});
            colors.add(RUN_K);
        }
        for (Summary.Baseline b : s.baselines()) {
            Double v = s.split().equals("test") ? b.test() : b.valid();
            if (v == null) continue;
            names.add(b.system().replaceAll(" \\(.*", ""));
            bars.add(new double[]{v / 100, Double.NaN, Double.NaN});
            colors.add(PUBLISHED);
        }
        title(p, "miniF2F " + s.split() + ": pass rate, 95% interval (" + s.theorems() + " theorems)");
        bars(p, names, bars, colors);
    }

    private static void categories(Panel p, Summary s) {
        List<String> names = new ArrayList<>();
        List<double[]> bars = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        s.categories().forEach((k, c) -> {
            Wilson w = Wilson.of(c.proved(), c.theorems());
            names.add(k + " " + c.proved() + "/" + c.theorems());
            bars.add(new double[]{w.rate(), w.low(), w.high()});
            colors.add(RUN);
        });
        title(p, "By category, pass@1");
        bars(p, names, bars, colors);
    }

    private static void bars(Panel p, List<String> names, List<double[]> bars, List<Color> colors) {
        Graphics2D g = p.g();
        double ceiling = rateCeiling(bars.stream().map(b -> Double.isNaN(b[2]) ? b[0] : b[2]).toList());
        Axis y = new Axis(0, ceiling, p.y() + p.h(), p.y());
        for (int i = 0; i <= 5; i++) {
            double v = ceiling * i / 5;
            gridLine(g, p, y.at(v), String.format(Locale.ROOT, "%.0f%%", 100 * v));
        }
        int n = Math.max(1, bars.size());
        int slot = p.w() / n, width = Math.max(8, (int) (slot * 0.6));
        for (int i = 0; i < bars.size(); i++) {
            double[] b = bars.get(i);
            int x = p.x() + i * slot + (slot - width) / 2;
            int top = y.at(b[0]);
            g.setColor(colors.get(i));
            g.fillRect(x, top, width, y.at(0) - top);
            if (!Double.isNaN(b[1])) {
                int cx = x + width / 2;
                g.setColor(WHISKER);
                g.setStroke(new BasicStroke(1.5f));
                g.drawLine(cx, y.at(b[1]), cx, y.at(b[2]));
                g.drawLine(cx - 6, y.at(b[1]), cx + 6, y.at(b[1]));
                g.drawLine(cx - 6, y.at(b[2]), cx + 6, y.at(b[2]));
            }
            g.setColor(INK);
            int above = Double.isNaN(b[2]) ? top : Math.min(top, y.at(b[2]));
            centred(g, String.format(Locale.ROOT, "%.1f%%", 100 * b[0]), x + width / 2, above - 4);
            label(g, names.get(i), x + width / 2, y.at(0) + 16, slot);
        }
    }

    private static void cdf(Panel p, String title, List<ProofResult> rs, java.util.function.ToDoubleFunction<ProofResult> f) {
        title(p, title + " (share at or below)");
        Graphics2D g = p.g();
        double[] proved = rs.stream().filter(Summary::proved).mapToDouble(f).sorted().toArray();
        double[] other = rs.stream().filter(r -> !Summary.proved(r)).mapToDouble(f).sorted().toArray();
        double max = Math.max(1, Math.max(proved.length > 0 ? proved[proved.length - 1] : 0,
                other.length > 0 ? other[other.length - 1] : 0));
        Axis x = new Axis(0, max, p.x(), p.x() + p.w());
        Axis y = new Axis(0, 1, p.y() + p.h(), p.y());
        for (int i = 0; i <= 4; i++) gridLine(g, p, y.at(i / 4.0), (25 * i) + "%");
        g.setColor(INK);
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            centred(g, v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v), x.at(v),
                    p.y() + p.h() + 16);
        }
        steps(g, proved, x, y, PROVED);
        steps(g, other, x, y, NOT_PROVED);
        legend(g, p, List.of("proved (" + proved.length + ")", "not proved (" + other.length + ")"),
                List.of(PROVED, NOT_PROVED));
    }

    private static void steps(Graphics2D g, double[] sorted, Axis x, Axis y, Color c) {
        if (sorted.length == 0) return;
        g.setColor(c);
        g.setStroke(new BasicStroke(2f));
        int px = x.at(0), py = y.at(0);
        for (int i = 0; i < sorted.length; i++) {
            int nx = x.at(sorted[i]);
            int ny = y.at((i + 1) / (double) sorted.length);
            g.drawLine(px, py, nx, py);
            g.drawLine(nx, py, nx, ny);
            px = nx;
            py = ny;
        }
        g.drawLine(px, py, x.at(x.max()), py);
    }

    private static void horizontal(Panel p, String title, List<Map.Entry<String, Integer>> rows, Color c) {
        title(p, title);
        Graphics2D g = p.g();
        if (rows.isEmpty()) {
            g.setColor(INK);
            g.drawString("(none)", p.x(), p.y() + 20);
            return;
        }
        int max = rows.stream().mapToInt(Map.Entry::getValue).max().orElse(1);
        int labelW = p.w() / 2;
        Axis x = new Axis(0, max, p.x() + labelW, p.x() + p.w() - 40);
        int rowH = Math.min(28, p.h() / rows.size());
        for (int i = 0; i < rows.size(); i++) {
            int top = p.y() + i * rowH;
            g.setColor(c);
            g.fillRect(x.at(0), top + 3, x.at(rows.get(i).getValue()) - x.at(0), rowH - 6);
            g.setColor(INK);
            g.drawString(fit(g, rows.get(i).getKey(), labelW - 8), p.x() - 50, top + rowH / 2 + 5);
            g.drawString(Integer.toString(rows.get(i).getValue()), x.at(rows.get(i).getValue()) + 4, top + rowH / 2 + 5);
        }
    }

    private static void title(Panel p, String text) {
        p.g().setColor(INK);
        Font f = p.g().getFont();
        p.g().setFont(f.deriveFont(Font.BOLD, 15f));
        p.g().drawString(text, p.x() - 50, p.y() - 16);
        p.g().setFont(f);
    }

    private static void gridLine(Graphics2D g, Panel p, int y, String label) {
        g.setColor(GRID);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(p.x(), y, p.x() + p.w(), y);
        g.setColor(INK);
        g.drawString(label, p.x() - 8 - g.getFontMetrics().stringWidth(label), y + 5);
    }

    private static void legend(Graphics2D g, Panel p, List<String> names, List<Color> colors) {
        int y = p.y() + p.h() - 12 - 20 * (names.size() - 1);
        for (int i = 0; i < names.size(); i++) {
            g.setColor(colors.get(i));
            g.fillRect(p.x() + p.w() - 190, y + 20 * i - 10, 14, 10);
            g.setColor(INK);
            g.drawString(names.get(i), p.x() + p.w() - 170, y + 20 * i);
        }
    }

    private static void centred(Graphics2D g, String s, int cx, int baseline) {
        g.drawString(s, cx - g.getFontMetrics().stringWidth(s) / 2, baseline);
    }

    /** A category or system name under its bar, on two lines when it does not fit one. */
    private static void label(Graphics2D g, String s, int cx, int baseline, int room) {
        if (g.getFontMetrics().stringWidth(s) <= room - 4) {
            centred(g, s, cx, baseline);
            return;
        }
        String[] words = s.split(" ");
        int half = (words.length + 1) / 2;
        centred(g, fit(g, String.join(" ", Arrays.copyOfRange(words, 0, half)), room - 4), cx, baseline);
        centred(g, fit(g, String.join(" ", Arrays.copyOfRange(words, half, words.length)), room - 4), cx, baseline + 15);
    }

    private static String fit(Graphics2D g, String s, int room) {
        if (g.getFontMetrics().stringWidth(s) <= room) return s;
        String t = s;
        while (t.length() > 1 && g.getFontMetrics().stringWidth(t + "…") > room) t = t.substring(0, t.length() - 1);
        return t + "…";
    }
}
