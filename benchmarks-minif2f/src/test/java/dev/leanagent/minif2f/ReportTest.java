package dev.leanagent.minif2f;

import dev.leanagent.search.ProofResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    private static ProofResult proved(String name, List<String> proof, int attempt) {
        return new ProofResult("valid.lean", name, "proved", proof, null, 1, 2, 1, 0, 1, true, "automation", null, null,
                new ProofResult.Budgets(100, 600, 50, 5000, 100000), null, attempt);
    }

    @Test
    void theTacticsOfTheProofsFoundAreCountedPerCategory() {
        List<ProofResult> results = List.of(
                proved("mathd_algebra_1", List.of("norm_num at *", "nlinarith [sq_nonneg (a - b)]"), 1),
                proved("mathd_algebra_2", List.of("norm_num", "norm_num"), 1),
                proved("amc12a_2000_p1", List.of("linarith"), 1),
                proved("amc12a_2000_p2", List.of("ring"), 2),
                SummaryTest.r("aime_1983_p1", "timeout", 1, 60, 3, "no proof within 60 s"));
        String md = Report.markdown(Summary.of("valid", results), Map.of(), false, results);
        String section = md.substring(md.indexOf("## Tactics in the proofs found"), md.indexOf("## Proofs found"));
        assertTrue(section.contains("| mathd algebra | `norm_num` 2, `nlinarith` 1 |"), section);
        assertTrue(section.contains("| amc | `linarith` 1 |"), "only first attempts count: " + section);
        assertFalse(section.contains("| aime |"), "no proof, no row: " + section);
    }
}
