package dev.leanagent.minif2f;

import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryTest {

    static ProofResult r(String name, String status, int attempt, double seconds, int expansions, String reason) {
        boolean proved = status.equals("proved");
        return new ProofResult("valid.lean", name, status, proved ? List.of("norm_num") : List.of(), reason, expansions,
                expansions + 1, seconds, 0, seconds, proved, "automation", null, null,
                new ProofResult.Budgets(100, 600, 50, 5000, 100000), (long) attempt, attempt);
    }

    private static List<ProofResult> fixture() {
        return List.of(
                r("mathd_algebra_10", "proved", 1, 2.0, 1, null),
                r("mathd_algebra_11", "failed", 1, 30.0, 40, "search space exhausted after 40 expansions; tactic_failed 300"),
                r("mathd_algebra_11", "proved", 2, 12.0, 8, null),
                r("mathd_numbertheory_3", "proved", 1, 4.0, 2, null),
                r("amc12a_2020_p4", "timeout", 1, 600.0, 70, "no proof within 600 s (70 expansions)"),
                r("imo_1959_p1", "budget", 1, 200.0, 100, "no proof within 100 expansions"),
                r("induction_12dvd4expnp1p20", "error", 1, 1.0, 0, "the independent check refused the proof: uses sorry"),
                r("aime_1983_p1", "budget", 1, 150.0, 100, "no proof within 100 expansions"));
    }

    @Test
    void passRatesCategoriesAndReasons() {
        Summary s = Summary.of("valid", fixture());
        assertEquals(7, s.theorems());
        assertEquals(2, s.attempts());
        assertEquals(2, s.provedAt1());
        assertEquals(3, s.provedAtK());
        assertEquals(2 / 7.0, s.passAt1().rate(), 1e-12);
        assertEquals(new Summary.CategoryFigures(2, 1, 0.5), s.categories().get("mathd algebra"));
        assertEquals(new Summary.CategoryFigures(1, 0, 0), s.categories().get("imo"));
        assertEquals(Map.of("budget", 2, "error", 1, "failed", 1, "proved", 2, "timeout", 1), s.statuses());
        assertEquals(new Summary.ReasonCount("budget: no proof within N expansions", 2), s.reasons().get(0));
        assertEquals(2, s.provedSeconds().count());
        assertEquals(4.0, s.provedSeconds().max());
    }

    @Test
    void aProofThatWasNotCheckedDoesNotCount() {
        ProofResult unchecked = new ProofResult("valid.lean", "amc12_2000_p1", "proved", List.of("simp"), null, 1, 2, 1, 0,
                1, false, "automation", null, null, null, null, 1);
        assertEquals(0, Summary.of("valid", List.of(unchecked)).provedAt1());
    }

    @Test
    void wilsonIntervalMatchesTheTextbook() {
        Wilson w = Wilson.of(5, 10);
        assertEquals(0.2366, w.low(), 1e-4);
        assertEquals(0.7634, w.high(), 1e-4);
        assertEquals(new Wilson(0, 0, 0), Wilson.of(0, 0));
        assertTrue(Wilson.of(0, 20).low() == 0 && Wilson.of(0, 20).high() > 0.1);
    }

    @Test
    void categoriesFromNames() {
        assertEquals(Category.AMC, Category.of("amc12b_2002_p7"));
        assertEquals(Category.AIME, Category.of("aimeI_2000_p7"));
        assertEquals(Category.MATHD_NUMBERTHEORY, Category.of("mathd_numbertheory_35"));
        assertEquals(Category.ALGEBRA, Category.of("algebra_sqineq_at2malt1"));
        assertEquals(Category.NUMBERTHEORY, Category.of("numbertheory_sqmod4in01d"));
        assertEquals(Category.INDUCTION, Category.of("induction_sum_odd"));
        assertEquals(Category.IMO, Category.of("minif2f.imo_1964_p2"));
    }

    @Test
    void resultsReadBackAndTheReportSaysWhatItMeasured(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (ProofResult r : fixture()) lines.add(ProofResults.line(r));
        lines.add("{\"file\": \"valid.lean\", \"name\": \"cut_sh");
        Files.write(dir.resolve("results.jsonl"), lines);
        List<ProofResult> read = ProofResults.read(dir.resolve("results.jsonl"));
        assertEquals(fixture(), read);

        assertEquals(java.util.Optional.empty(), Report.write(dir, Summary.of("valid", read),
                Map.of("generator", "automation", "budget", "100 expansions, 600 s"), read));
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("**pass@1: 2 / 7 = 28.6%**"), md);
        assertTrue(md.contains("**pass@2: 3 / 7 = 42.9%**"), md);
        assertTrue(md.contains("| tidy (rule-based) | 16.8% | 18.0% |"), md);
        assertTrue(md.contains("| **this run** (pass@1) | **28.6%** | — |"), md);
        assertTrue(md.contains("| mathd algebra | 2 | 1 | 50.0% |"), md);
        assertTrue(md.contains("- generator: automation"), md);
        assertTrue(md.contains("![pass rates, categories, costs and outcomes](chart.png)"), md);
        assertTrue(md.contains("| mathd_algebra_10 | 1 | `norm_num` |"), md);
        assertTrue(md.contains("| mathd_algebra_11 | 2 | `norm_num` |"), md);
        assertTrue(!md.contains("| induction_12dvd4expnp1p20 | 1 |"), "a refused proof is not listed: " + md);
        assertEquals(Chart.WIDTH, javax.imageio.ImageIO.read(dir.resolve("chart.png").toFile()).getWidth());
        String json = Files.readString(dir.resolve("summary.json"));
        assertTrue(json.contains("\"proved_at1\" : 2") && json.contains("\"generator\" : \"automation\""), json);
    }
}
