package dev.leanagent.minif2f;

import dev.leanagent.search.ProofResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonTest {

    private static List<ProofResult> results(String... provedThenFailed) {
        List<ProofResult> rs = new ArrayList<>();
        for (String s : provedThenFailed) {
            boolean proved = s.startsWith("+");
            rs.add(SummaryTest.r(s.substring(1), proved ? "proved" : "budget", 1, proved ? 2 : 60, 5,
                    proved ? null : "no proof within 100 expansions"));
        }
        return rs;
    }

    @Test
    void pairsTheRunsOnTheTheoremsBothRan() {
        Comparison.Run a = Comparison.Run.of("runs/a", Map.of("generator", "automation", "budget", "100 expansions"), "valid",
                results("+mathd_algebra_1", "+amc12_2", "-imo_3", "-aime_4", "+induction_5"));
        Comparison.Run b = Comparison.Run.of("runs/b", Map.of("generator", "automation", "budget", "400 expansions"), "valid",
                results("+mathd_algebra_1", "-amc12_2", "+imo_3", "+aime_4", "+algebra_6"));
        Comparison c = Comparison.of(a, b);
        assertEquals(Set.of("amc12_2"), c.onlyA());
        assertEquals(Set.of("imo_3", "aime_4"), c.onlyB());
        assertEquals(1, c.both());
        assertEquals(0, c.neither());
        assertEquals(1.0, c.mcnemarP(), 1e-12, "1 against 2 is no evidence at all");

        String md = c.markdown();
        assertTrue(md.contains("| **budget** | 100 expansions | 400 expansions |"), md);
        assertTrue(md.contains("| generator | automation | automation |"), md);
        assertTrue(md.contains("| 1 | 1 | 2 | 0 |"), md);
        assertTrue(md.contains("- A only (1): `amc12_2`"), md);
        assertTrue(md.contains("Not paired: 1 theorems ran in A only, 1 theorems ran in B only."), md);
        assertTrue(md.contains("| **pass@1** | 3 / 5 = 60.0%"), md);
    }

    @Test
    void mcnemarExactMatchesTheBinomialTail() {
        assertEquals(2 / 64.0, Comparison.mcnemarExact(0, 6), 1e-12);
        assertEquals(2 * (1 + 10 + 45) / 1024.0, Comparison.mcnemarExact(8, 2), 1e-12);
        assertEquals(1.0, Comparison.mcnemarExact(0, 0));
        assertTrue(Comparison.mcnemarExact(0, 40) < 1e-10);
    }

    @Test
    void differentSplitsAreRefused() {
        Comparison.Run a = Comparison.Run.of("a", Map.of(), "valid", results("+amc12_1"));
        Comparison.Run b = Comparison.Run.of("b", Map.of(), "test", results("+amc12_1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Comparison.of(a, b)).getMessage()
                .contains("same split"));
    }
}
