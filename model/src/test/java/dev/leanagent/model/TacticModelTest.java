package dev.leanagent.model;

import dev.leanagent.model.generate.GenerationSettings;
import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.TinyCheckpoints;
import dev.leanagent.model.tokenizer.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text layer on the tiny InternLM2 checkpoint with the real tokenizer. */
class TacticModelTest {
    static final String STATE = "x y : ℕ,\nh₁ : x + y = 10\n⊢ x ≤ 10";

    @TempDir
    static Path tmp;
    static Path dir;
    static TacticModel model;

    @BeforeAll
    static void load() throws Exception {
        dir = TinyCheckpoints.internlm2(tmp.resolve("m"), SafetensorsWriter.Type.BF16);
        TinyCheckpoints.addTokenizer(dir, "TacticModelTest");
        model = TacticModel.load(dir, ModelOptions.defaults().withDevice("cpu"));
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void promptIsTheChatTemplateWithOneBos() {
        int[] ids = model.prompt(STATE);
        assertEquals(1, ids[0]);
        long bos = java.util.Arrays.stream(ids).filter(i -> i == 1).count();
        assertEquals(1, bos);
        assertEquals(92543, ids[1], "<|im_start|> follows the BOS");
    }

    @Test
    void longStatesAreCutToTheBudgetKeepingTheirGoal() throws Exception {
        try (TacticModel small = TacticModel.load(dir, new ModelOptions("cpu", "float32", "internlm2-chat", 0, 64));
             Tokenizer tokenizer = Tokenizer.load(dir.resolve("tokenizer.model"))) {
            String longState = "x y : ℕ,\n" + "h : x + x + x + x + x = 5 * x,\n".repeat(200) + "h₁ : x + y = 10\n⊢ x ≤ 10";
            int[] ids = small.prompt(longState);
            assertTrue(ids.length <= 64, "prompt of " + ids.length + " tokens");
            String prompt = tokenizer.decode(ids);
            assertTrue(prompt.contains("h₁ : x + y = 10\n⊢ x ≤ 10"), "the goal survives: " + prompt);
            assertTrue(prompt.contains("x y : ℕ"), "the short declaration survives: " + prompt);
        }
    }

    @Test
    void suggestionsAreDistinctRankedOneLineTactics() {
        List<Suggestion> s = model.suggest(STATE, new GenerationSettings(16, false, 1.0, 1.0, 0, 12, 3));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < s.size(); i++) {
            Suggestion x = s.get(i);
            assertFalse(x.tactic().isBlank());
            assertFalse(x.tactic().contains("\n"), x.tactic());
            assertTrue(seen.add(x.tactic()), "duplicate " + x.tactic());
            assertTrue(x.logprob() < 0 && x.tokens() > 0);
            if (i > 0) {
                assertTrue(s.get(i - 1).logprob() >= x.logprob());
            }
        }
        assertEquals(s, model.suggest(STATE, new GenerationSettings(16, false, 1.0, 1.0, 0, 12, 3)), "same seed, same answer");
        assertNotEquals(s, model.suggest(STATE, new GenerationSettings(16, false, 1.0, 1.0, 0, 12, 4)));
    }

    @Test
    void scoresFollowTheTacticsGiven() {
        List<String> tactics = List.of("simp", "linarith", "norm_num [h₁]");
        List<Suggestion> scored = model.score(STATE, tactics);
        assertEquals(3, scored.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(tactics.get(i), scored.get(i).tactic());
            assertTrue(scored.get(i).logprob() < 0);
        }
        assertTrue(scored.get(2).tokens() > scored.get(0).tokens());
        // Teacher forcing of one tactic alone equals its score in a batch.
        assertEquals(scored.get(1).logprob(), model.score(STATE, List.of("linarith")).get(0).logprob(), 1e-4);
    }

    @Test
    void beamsGiveRankedSuggestions() {
        List<Suggestion> s = model.suggest(STATE, GenerationSettings.beams(4, 6));
        assertTrue(s.size() <= 4);
        for (int i = 1; i < s.size(); i++) {
            assertNotEquals(s.get(i - 1).tactic(), s.get(i).tactic());
        }
    }
}
