package dev.leanagent.model.generate;

import dev.leanagent.model.checkpoint.Checkpoint;
import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.TinyCheckpoints;
import dev.leanagent.model.torch.ComputeDevice;
import dev.leanagent.model.torch.ComputeType;
import dev.leanagent.model.transformer.Transformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sampling, beam search and scoring on a toy model (the tiny InternLM2 shape with a vocabulary of
 * 6, so every sequence can be enumerated) and on the full-vocabulary tiny model.
 */
class GenerationTest {
    /** The toy model's stop token: its end of sequence. */
    static final int STOP = 2;
    static final StopTokens STOPS = new StopTokens(STOP);

    @TempDir
    static Path tmp;
    static Checkpoint toyCheckpoint;
    static Transformer toy;

    @BeforeAll
    static void load() throws Exception {
        toyCheckpoint = Checkpoint.open(TinyCheckpoints.internlm2(tmp.resolve("toy"), SafetensorsWriter.Type.F32, 6));
        toy = Transformer.load(toyCheckpoint, ComputeDevice.parse("cpu"), ComputeType.FLOAT32);
    }

    @AfterAll
    static void close() {
        toy.close();
        toyCheckpoint.close();
    }

    static final int[] PROMPT = {1, 3, 4, 5, 0};

    @Test
    void beamSearchFindsTheTrueBestSequences() {
        // Every sequence of 1..2 non-stop tokens (5 + 25), scored with its stop token by teacher forcing.
        Scorer scorer = new Scorer(toy);
        List<int[]> all = new ArrayList<>();
        for (int a = 0; a < 6; a++) {
            if (a == STOP) {
                continue;
            }
            all.add(new int[] {a});
            for (int c = 0; c < 6; c++) {
                if (c != STOP) {
                    all.add(new int[] {a, c});
                }
            }
        }
        List<int[]> withStop = all.stream().map(s -> {
            int[] t = Arrays.copyOf(s, s.length + 1);
            t[s.length] = STOP;
            return t;
        }).toList();
        double[] complete = scorer.score(PROMPT, withStop);
        Integer[] order = new Integer[all.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> -complete[i]));

        // With 75 beams, the 2W = 150 candidates of each step are every extension of every live
        // prefix of this toy (25 x 6), so beam search must be exact: all 30 sequences, in order.
        List<Continuation> beams = new BeamSearch(toy).search(List.of(PROMPT), GenerationSettings.beams(75, 3), STOPS).get(0);
        assertEquals(all.size(), beams.size());
        for (int r = 0; r < all.size(); r++) {
            int[] expected = all.get(order[r]);
            assertArrayEquals(expected, beams.get(r).tokens(), "rank " + r);
            assertEquals(complete[order[r]], beams.get(r).completeLogprob(), 1e-4, "rank " + r);
        }
    }

    @Test
    void narrowBeamsReportScorerLogprobs() {
        List<Continuation> beams = new BeamSearch(toy).search(List.of(PROMPT, new int[] {1, 4}), GenerationSettings.beams(3, 6), STOPS).get(1);
        assertFalse(beams.isEmpty());
        double[] scored = new Scorer(toy).score(new int[] {1, 4}, beams.stream().map(Continuation::tokens).toList());
        for (int i = 0; i < beams.size(); i++) {
            assertTrue(beams.get(i).stopped());
            assertEquals(scored[i], beams.get(i).logprob(), 1e-4);
            if (i > 0) {
                assertTrue(beams.get(i - 1).completeLogprob() >= beams.get(i).completeLogprob());
            }
        }
    }

    @Test
    void samplesCarryTheirScorerLogprobAndDependOnlyOnTheSeed() {
        GenerationSettings s = new GenerationSettings(6, false, 1.0, 1.0, 0, 8, 0);
        Sampler sampler = new Sampler(toy);
        List<List<Continuation>> alone = sampler.sample(List.of(PROMPT), s, new long[] {42}, STOPS);
        // The same request batched with another prompt draws the same samples.
        List<List<Continuation>> batched = sampler.sample(List.of(new int[] {1, 5, 5}, PROMPT), s, new long[] {7, 42}, STOPS);
        List<Continuation> other = sampler.sample(List.of(PROMPT), s, new long[] {43}, STOPS).get(0);
        List<Continuation> a = alone.get(0);
        List<Continuation> b = batched.get(1);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).tokens(), b.get(i).tokens(), "sample " + i);
        }
        assertNotEquals(render(a), render(other), "another seed, other samples");
        double[] scored = new Scorer(toy).score(PROMPT, a.stream().map(Continuation::tokens).toList());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(scored[i], a.get(i).logprob(), 1e-4, "sample " + i);
        }
    }

    @Test
    void drawsFollowTheModelsProbabilities() {
        // 3,200 first tokens from 50 seeds x 64 samples against the model's own next-token distribution.
        GenerationSettings s = new GenerationSettings(64, false, 1.0, 1.0, 0, 1, 0);
        Sampler sampler = new Sampler(toy);
        int[] counts = new int[6];
        int draws = 0;
        for (long seed = 0; seed < 50; seed++) {
            for (Continuation c : sampler.sample(List.of(PROMPT), s, new long[] {seed}, STOPS).get(0)) {
                counts[c.tokens().length > 0 ? c.tokens()[0] : c.stopToken()]++;
                draws++;
            }
        }
        List<int[]> single = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            single.add(new int[] {t});
        }
        double[] logprobs = new Scorer(toy).score(PROMPT, single);
        for (int t = 0; t < 6; t++) {
            // 3.3 standard deviations of a frequency from 3,200 draws at worst (p = 1/2)
            assertEquals(Math.exp(logprobs[t]), counts[t] / (double) draws, 0.03, "token " + t + ": " + Arrays.toString(counts));
        }
    }

    @Test
    void greedyEqualsTopKOneAndTheBestSingleSteps() {
        List<Continuation> greedy = new Sampler(toy).sample(List.of(PROMPT), new GenerationSettings(1, false, 0, 1, 0, 8, 0), new long[] {0}, STOPS).get(0);
        List<Continuation> topOne = new Sampler(toy).sample(List.of(PROMPT), new GenerationSettings(2, false, 1.0, 1, 1, 8, 0), new long[] {5}, STOPS).get(0);
        assertArrayEquals(greedy.get(0).tokens(), topOne.get(0).tokens());
        assertArrayEquals(greedy.get(0).tokens(), topOne.get(1).tokens());
        // Each greedy token is the argmax after its prefix, checked by scoring every alternative.
        int[] prefix = PROMPT;
        Scorer scorer = new Scorer(toy);
        for (int token : greedy.get(0).tokens()) {
            List<int[]> options = new ArrayList<>();
            for (int v = 0; v < 6; v++) {
                options.add(new int[] {v});
            }
            double[] lp = scorer.score(prefix, options);
            int best = 0;
            for (int v = 1; v < 6; v++) {
                best = lp[v] > lp[best] ? v : best;
            }
            assertEquals(best, token);
            prefix = Arrays.copyOf(prefix, prefix.length + 1);
            prefix[prefix.length - 1] = token;
        }
    }

    @Test
    void nucleusKeepsOnlyTheHead() {
        // top-p so small that only the most likely token survives: sampling becomes greedy.
        List<Continuation> greedy = new Sampler(toy).sample(List.of(PROMPT), new GenerationSettings(1, false, 0, 1, 0, 5, 0), new long[] {0}, STOPS).get(0);
        List<Continuation> nucleus = new Sampler(toy).sample(List.of(PROMPT), new GenerationSettings(4, false, 1.0, 1e-6, 0, 5, 0), new long[] {9}, STOPS).get(0);
        for (Continuation c : nucleus) {
            assertArrayEquals(greedy.get(0).tokens(), c.tokens());
        }
    }

    private static List<String> render(List<Continuation> cs) {
        return cs.stream().map(c -> Arrays.toString(c.tokens())).toList();
    }
}
