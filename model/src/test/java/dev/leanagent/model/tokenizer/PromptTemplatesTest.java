package dev.leanagent.model.tokenizer;

import dev.leanagent.model.testing.TestTokenizers;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptTemplatesTest {

    private static final String STATE = "a b : ℕ,\nh : a ≤ b\n⊢ a + 0 ≤ b";

    @Test
    void namesAndDefault() {
        assertEquals(List.of("internlm2-chat", "fewshot", "gptf"), PromptTemplates.names());
        assertEquals("internlm2-chat", PromptTemplates.defaultTemplate().name());
        for (String name : PromptTemplates.names()) assertEquals(name, PromptTemplates.byName(name).name());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromptTemplates.byName("llama"));
        for (String name : PromptTemplates.names()) assertTrue(e.getMessage().contains(name), e.getMessage());
        assertTrue(e.getMessage().contains("llama"), e.getMessage());
    }

    @Test
    void chatTemplateText() {
        assertEquals("<s><|im_start|>user\nGiven the Lean 3 tactic state, suggest a next tactic:\n" + STATE
                + "<|im_end|>\n<|im_start|>assistant\n", PromptTemplates.byName("internlm2-chat").render(STATE));
    }

    @Test
    void gptfTemplateText() {
        assertEquals("<s>GOAL " + STATE + " PROOFSTEP ", PromptTemplates.byName("gptf").render(STATE));
    }

    @Test
    void fewshotEndsWithTheQuestionForTheState() {
        String prompt = PromptTemplates.byName("fewshot").render(STATE);
        assertTrue(prompt.endsWith("Tactic state:\n---\n" + STATE + "\n---\nNext tactic:\n---\n"), prompt);
        assertTrue(prompt.contains("⊢ a + 0 = a\n---\nNext tactic:\n---\nsimp\n---\n\n"), prompt);
        assertTrue(prompt.contains("Next tactic:\n---\nintros x y\n---\n\n"), prompt);
    }

    @Test
    void everyTemplateStartsWithTheOnlyBosAndKeepsTheStateVerbatim() {
        for (String name : PromptTemplates.names()) {
            String prompt = PromptTemplates.byName(name).render(STATE);
            assertTrue(prompt.startsWith("<s>"), name);
            assertEquals(prompt.indexOf("<s>"), prompt.lastIndexOf("<s>"), name);
            assertTrue(prompt.contains(STATE), name);
        }
    }

    /** InternLM2-Math's and lean-gym's evaluations show every goal; so does every template here. */
    @Test
    void everyTemplateShowsEveryGoalAsLeanPrintsThem() {
        String twoGoals = "2 goals\ncase or.inl\np q : Prop,\nhp : p\n⊢ q ∨ p\n\ncase or.inr\np q : Prop,\nhq : q\n⊢ q ∨ p";
        for (String name : PromptTemplates.names()) {
            String prompt = PromptTemplates.byName(name).render(twoGoals);
            assertTrue(prompt.contains(twoGoals), name + ": " + prompt);
        }
    }

    @Test
    void everyTemplateEncodesWithOneBosAtTheStart() {
        Tokenizer tokenizer = TestTokenizers.sharedOrSkip("PromptTemplatesTest (encoding)");
        for (String name : PromptTemplates.names()) {
            int[] ids = tokenizer.encode(PromptTemplates.byName(name).render(STATE));
            assertEquals(tokenizer.bos(), ids[0], name);
            assertEquals(1, Arrays.stream(ids).filter(id -> id == tokenizer.bos()).count(), name);
        }
    }
}
