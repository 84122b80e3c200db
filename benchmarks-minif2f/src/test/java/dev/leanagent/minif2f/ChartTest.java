package dev.leanagent.minif2f;

import dev.leanagent.search.ProofResult;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chart draws what the summary says: bar areas follow pass rates, curves follow the results. */
class ChartTest {

    /** n theorems in one category, the first {@code proved} of them proved. */
    private static List<ProofResult> run(int n, int proved) {
        List<ProofResult> rs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rs.add(SummaryTest.r("mathd_algebra_" + i, i < proved ? "proved" : "budget", 1, 1 + i, 1 + i,
                    i < proved ? null : "no proof within 100 expansions"));
        }
        return rs;
    }

    private static int count(BufferedImage im, Color c, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) if (im.getRGB(x, y) == c.getRGB()) n++;
        return n;
    }

    @Test
    void theRunsBarAreaIsProportionalToItsPassRate() {
        List<ProofResult> tenPercent = run(100, 10), twentyPercent = run(100, 20);
        BufferedImage a = Chart.render(Summary.of("valid", tenPercent), tenPercent);
        BufferedImage b = Chart.render(Summary.of("valid", twentyPercent), twentyPercent);
        assertEquals(Chart.WIDTH, a.getWidth());
        assertEquals(Chart.HEIGHT, a.getHeight());
        // the top-left panel holds the overall pass rate; both runs fit the 0-50% axis
        int areaA = count(a, Chart.RUN, 0, 0, Chart.PANEL_W, Chart.PANEL_H);
        int areaB = count(b, Chart.RUN, 0, 0, Chart.PANEL_W, Chart.PANEL_H);
        assertTrue(areaA > 500, "the bar is drawn: " + areaA);
        assertEquals(2.0, areaB / (double) areaA, 0.1, areaA + " vs " + areaB);
        // the published numbers stand beside it, in their own colour
        assertTrue(count(a, Chart.PUBLISHED, 0, 0, Chart.PANEL_W, Chart.PANEL_H) > 1000);
    }

    @Test
    void bothDistributionsAreDrawnAndAnEmptyRunStillRenders() {
        List<ProofResult> rs = run(10, 5);
        BufferedImage im = Chart.render(Summary.of("valid", rs), rs);
        int row = Chart.PANEL_H;
        assertTrue(count(im, Chart.PROVED, 0, row, Chart.PANEL_W, 2 * row) > 100, "the proved curve of times");
        assertTrue(count(im, Chart.NOT_PROVED, 0, row, Chart.PANEL_W, 2 * row) > 100, "the unproved curve of times");
        assertTrue(count(im, Chart.NOT_PROVED, Chart.PANEL_W, 2 * row, Chart.WIDTH, Chart.HEIGHT) > 100, "the reasons");

        BufferedImage empty = Chart.render(Summary.of("test", List.of()), List.of());
        assertEquals(0, count(empty, Chart.RUN, 0, 0, Chart.WIDTH, Chart.HEIGHT), "no run, no bar");
    }

    @Test
    void axesMapValuesToPixels() {
        Chart.Axis y = new Chart.Axis(0, 0.5, 400, 100);
        assertEquals(400, y.at(0));
        assertEquals(250, y.at(0.25));
        assertEquals(100, y.at(0.9), "clamped to the axis");
        assertEquals(0.5, Chart.rateCeiling(List.of(0.2, 0.41)));
        assertEquals(1.0, Chart.rateCeiling(List.of(0.2, 0.62)));
    }
}
