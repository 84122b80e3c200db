package dev.leanagent.model.tokenizer;

import dev.leanagent.model.testing.TestTokenizers;
import dev.leanagent.model.tokenizer.PromptFitter.Cut;
import dev.leanagent.model.tokenizer.PromptFitter.Fitted;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Long states against the real InternLM2 tokenizer: the goals survive, hypotheses go. */
class PromptFitterTest {

    private static final String GOAL = "⊢ ∑ (k : ℕ) in finset.range 100, f k = 5050 * real.sqrt (x ^ 2 + y ^ 2) - z";

    private Tokenizer tokenizer;

    @BeforeEach
    void tokenizer() {
        tokenizer = TestTokenizers.sharedOrSkip("PromptFitterTest");
    }

    /**
     * A miniF2F-like state after some steps: three short declarations, then 40 hypotheses of
     * mathlib's kind and length, some wrapped over several lines as Lean wraps them at width 120.
     */
    static String mathlibLikeState() {
        List<String> hyps = new ArrayList<>(List.of("x y z : ℝ", "f : ℕ → ℝ", "hx : 0 < x"));
        for (int i = 0; i < 40; i++) {
            StringBuilder h = new StringBuilder("h" + i + " : ∀ (n : ℕ), n ∈ finset.range " + (i + 3) + " → f (n + " + i
                    + ") = f n + 2 * ↑n");
            for (int t = 0; t < 1 + (i * 7) % 13; t++) h.append(" + real.sqrt (x ^ 2 + ↑(n + ").append(t).append(") * y)");
            hyps.add(wrap(h.toString()));
        }
        hyps.add("hy : y ≤ x");
        return String.join(",\n", hyps) + "\n" + GOAL;
    }

    /** Lean's layout of a long line: continuation lines indented. */
    static String wrap(String line) {
        StringBuilder out = new StringBuilder();
        int col = 0;
        for (String word : line.split(" ")) {
            if (col > 0 && col + word.length() + 1 > 120) {
                out.append("\n    ");
                col = 4;
            } else if (col > 0) {
                out.append(' ');
                col++;
            }
            out.append(word);
            col += word.length();
        }
        return out.toString();
    }

    private int tokens(PromptTemplate template, String state) {
        return tokenizer.encode(template.render(state)).length;
    }

    @Test
    void aLongMathlibLikeStateKeepsItsGoalAndShortHypothesesAndCutsTheLongestOnes() {
        PromptTemplate template = PromptTemplates.defaultTemplate();
        String state = mathlibLikeState();
        int budget = 768;
        assertTrue(tokens(template, state) > 2 * budget, "the state is " + tokens(template, state) + " tokens");

        Fitted f = new PromptFitter(tokenizer, template, budget).fit(state);

        assertTrue(f.ids().length <= budget, f.ids().length + " tokens");
        assertEquals(Cut.HYPOTHESES, f.cut());
        assertTrue(f.state().endsWith("\n" + GOAL), f.state());
        assertTrue(tokenizer.decode(f.ids()).contains(GOAL), "the goal is in the prompt's tokens");
        assertTrue(f.state().startsWith("x y z : ℝ,\nf : ℕ → ℝ,\nhx : 0 < x,\n"), "the declarations survive");
        assertTrue(f.state().contains("\nhy : y ≤ x\n⊢"), "the last hypothesis keeps Lean's layout");
        assertTrue(f.state().contains("hypotheses cut,\n"), "a visible marker");
        assertTrue(Arrays.equals(f.ids(), tokenizer.encode(template.render(f.state()))), "the ids are the text's");

        // Exactly the f.hypothesesCut() longest went, and no more than needed: one fewer does not fit.
        PrintedState printed = PrintedState.parse(state);
        List<Integer> order = printed.hypothesesLongestFirst();
        int k = f.hypothesesCut();
        assertTrue(k > 0 && k < 40, k + " cut");
        for (int i = 0; i < order.size(); i++) {
            String hyp = printed.parts().get(order.get(i)).text();
            assertEquals(i >= k, f.state().contains(hyp), (i < k ? "cut: " : "kept: ") + hyp);
        }
        boolean[] fewer = new boolean[printed.parts().size()];
        for (int i = 0; i < k - 1; i++) fewer[order.get(i)] = true;
        assertTrue(tokens(template, printed.render(fewer, Integer.MAX_VALUE)) > budget, "one fewer cut would not fit");
    }

    @Test
    void withTwoGoalsEveryTemplateShowsBothAndEveryGoalLineSurvives() {
        String state = "2 goals\ncase or.inl\n" + mathlibLikeState() + "\n\ncase or.inr\n" + mathlibLikeState()
                .replace(GOAL, "⊢ f 0 = 0");
        for (String name : PromptTemplates.names()) {
            PromptTemplate template = PromptTemplates.byName(name);
            Fitted f = new PromptFitter(tokenizer, template, 1024).fit(state);
            assertTrue(f.ids().length <= 1024, name + ": " + f.ids().length);
            assertEquals(Cut.HYPOTHESES, f.cut(), name);
            assertTrue(f.state().startsWith("2 goals\ncase or.inl\nx y z : ℝ,"), name + ": " + f.state());
            assertTrue(f.state().contains("\n" + GOAL + "\n\ncase or.inr\nx y z : ℝ,"), name + ": " + f.state());
            assertTrue(f.state().endsWith("\nhy : y ≤ x\n⊢ f 0 = 0"), name + ": " + f.state());
            String prompt = tokenizer.decode(f.ids());
            assertTrue(prompt.contains(GOAL) && prompt.contains("⊢ f 0 = 0"), name + " shows both goals");
        }
    }

    @Test
    void goalsTooLongAloneAreCutInsideTheLongestOnlyAfterEveryHypothesis() {
        String longGoal = wrap("⊢ " + "f 1 * real.sqrt (x + ↑2) + ".repeat(120) + "f 0 = 0");
        String state = "2 goals\nx y : ℝ,\nf : ℕ → ℝ,\nh : f 0 = 1\n" + longGoal + "\n\nx y : ℝ,\nf : ℕ → ℝ\n⊢ x ≤ y";
        PromptTemplate template = PromptTemplates.defaultTemplate();
        Fitted f = new PromptFitter(tokenizer, template, 256).fit(state);

        assertTrue(f.ids().length <= 256, f.ids().length + " tokens");
        assertEquals(Cut.INSIDE_GOALS, f.cut());
        assertEquals(5, f.hypothesesCut(), "every hypothesis went first");
        assertTrue(f.state().startsWith("2 goals\n… 3 hypotheses cut\n⊢ f 1 * real.sqrt (x + ↑2) + f 1"), f.state());
        assertTrue(f.state().contains(PrintedState.GOAL_CUT), f.state());
        assertTrue(f.state().endsWith("f 0 = 0\n\n… 2 hypotheses cut\n⊢ x ≤ y"), "the short goal is whole: " + f.state());
        assertTrue(tokens(template, f.state()) > 200, "no more of the long goal cut than needed: "
                + tokens(template, f.state()));
    }

    @Test
    void aStateThatFitsIsLeftAlone() {
        String state = "n : ℕ\n⊢ n + 0 = n";
        Fitted f = new PromptFitter(tokenizer, PromptTemplates.defaultTemplate(), 64).fit(state);
        assertEquals(new Fitted(f.ids(), state, Cut.NONE, 0), f);
        assertTrue(Arrays.equals(tokenizer.encode(PromptTemplates.defaultTemplate().render(state)), f.ids()));
    }

    @Test
    void textWithoutAGoalLineKeepsItsBeginning() {
        String text = "not a tactic state " + "word ".repeat(400);
        Fitted f = new PromptFitter(tokenizer, PromptTemplates.defaultTemplate(), 64).fit(text);
        assertEquals(Cut.END, f.cut());
        assertTrue(f.ids().length <= 64 && f.ids().length >= 60, f.ids().length + " tokens");
        assertTrue(text.startsWith(f.state()) && !f.state().isEmpty());
        assertFalse(f.state().contains("hypotheses cut"));
    }
}
