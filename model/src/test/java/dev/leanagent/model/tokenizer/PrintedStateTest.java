package dev.leanagent.model.tokenizer;

import dev.leanagent.model.tokenizer.PrintedState.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Lean 3's printout of a state, as `tactic_state.to_format` writes it (copied from Lean 3.42.1). */
class PrintedStateTest {

    static final String TWO_WRAPPED_GOALS = """
            2 goals
            a b : ℕ,
            h : a = b,
            hlong :
              a + b + a + b + a + b + a + b + a + b + a + b + a + b + a + b + a + b + a + b + a + b + a + b + a + b + a + b + a +
                  b =
                0
            ⊢ a = b

            case or.inr
            a b : ℕ,
            h : a = b
            ⊢ b + b + b + b + b + b + b + b + b + b + b + b + b + b + b + b + b + b + b + b + b + b + b + b + b + b + b + b + b +
                  b =
                a""";

    @Test
    void partsFollowLeansLayoutWithContinuationLinesKeptWithTheirPart() {
        PrintedState s = PrintedState.parse(TWO_WRAPPED_GOALS);
        assertEquals(List.of(Kind.HEADER, Kind.HYPOTHESIS, Kind.HYPOTHESIS, Kind.HYPOTHESIS, Kind.GOAL, Kind.BLANK,
                Kind.HEADER, Kind.HYPOTHESIS, Kind.HYPOTHESIS, Kind.GOAL), s.parts().stream().map(PrintedState.Part::kind).toList());
        assertEquals(4, s.parts().get(3).text().split("\n").length, "hlong and its three continuation lines");
        assertEquals(3, s.parts().get(9).text().split("\n").length, "the second target and its continuation lines");
        assertEquals(TWO_WRAPPED_GOALS, s.render(new boolean[s.parts().size()], Integer.MAX_VALUE), "nothing cut, same text");
    }

    @Test
    void aRunOfCutHypothesesIsOneMarkerThatKeepsTheRunsComma() {
        PrintedState s = PrintedState.parse("x y : ℝ,\nh₀ : 0 < x,\nh₁ : 0 < y,\nh₂ : x < y\n⊢ x * y < y ^ 2");
        assertEquals("x y : ℝ,\n… 2 hypotheses cut,\nh₂ : x < y\n⊢ x * y < y ^ 2",
                s.render(new boolean[] {false, true, true, false, false}, Integer.MAX_VALUE));
        assertEquals("x y : ℝ,\nh₀ : 0 < x,\nh₁ : 0 < y,\n… 1 hypothesis cut\n⊢ x * y < y ^ 2",
                s.render(new boolean[] {false, false, false, true, false}, Integer.MAX_VALUE));
    }

    @Test
    void hypothesesAreOrderedLongestFirstTheEarlierOfEqualOnesFirst() {
        PrintedState s = PrintedState.parse("x y : ℝ,\nh₀ : 0 < x,\nhlong : x + y + x + y = 0,\nh₁ : 0 < y\n⊢ x = y");
        assertEquals(List.of(2, 1, 3, 0), s.hypothesesLongestFirst());
    }

    @Test
    void aCutGoalKeepsItsBeginningAndEndAroundAMarker() {
        String goal = "⊢ " + "a + ".repeat(50) + "a = 𝕜";
        String cut = PrintedState.cutGoal(goal, 30);
        assertEquals("⊢ a + a + a + a + a ", cut.substring(0, cut.indexOf(PrintedState.GOAL_CUT)));
        assertEquals(" a + a = 𝕜", cut.substring(cut.indexOf(PrintedState.GOAL_CUT) + PrintedState.GOAL_CUT.length()),
                "a character outside the BMP is not split");
        assertEquals(goal, PrintedState.cutGoal(goal, goal.codePointCount(0, goal.length())));
        assertEquals("⊢ " + PrintedState.GOAL_CUT, PrintedState.cutGoal(goal, 0), "at the limit 0 the goal sign survives");
    }
}
