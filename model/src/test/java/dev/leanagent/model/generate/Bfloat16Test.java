package dev.leanagent.model.generate;

import dev.leanagent.model.checkpoint.Checkpoint;
import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.TinyCheckpoints;
import dev.leanagent.model.torch.ComputeDevice;
import dev.leanagent.model.torch.ComputeType;
import dev.leanagent.model.transformer.Transformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bfloat16, the CUDA default, computed on the CPU: a bfloat16 checkpoint (as released models are)
 * decoded in bfloat16 gives the greedy tokens and log-probs it gives in float32. The float32
 * path itself is held to the independent reference by {@code GoldenLogitsTest}.
 */
class Bfloat16Test {
    /**
     * Per token log-prob. bfloat16 keeps 8 significant bits: each matrix product's output is
     * rounded to a relative 2^-9, and the logits (|logit| < 3 on this model) come out within a
     * thousandths; norms, softmax and logits stay in float32. Measured: 2.8e-3 per token on the
     * full vocabulary, 1.6e-3 on the toy (printed by the tests).
     */
    private static final double LOGPROB_TOLERANCE = 0.01;

    @TempDir
    Path tmp;

    @Test
    void greedyTokensAndLogprobsMatchFloat32() throws Exception {
        // The toy vocabulary of 6: with 92,544 near-uniform random logits, the top two of the tiny
        // model are often closer than bfloat16 resolves, and a flip there would be no error.
        int tokens = 12;
        List<int[]> prompts = prompts(8, 6);
        GenerationSettings greedy = new GenerationSettings(1, false, 0, 1.0, 0, tokens, 0);
        try (Checkpoint checkpoint = Checkpoint.open(TinyCheckpoints.internlm2(tmp.resolve("toy"), SafetensorsWriter.Type.BF16, 6))) {
            List<List<Continuation>> f32 = decode(checkpoint, ComputeType.FLOAT32, prompts, greedy);
            List<List<Continuation>> bf16 = decode(checkpoint, ComputeType.BFLOAT16, prompts, greedy);
            double worst = 0;
            for (int p = 0; p < prompts.size(); p++) {
                Continuation a = f32.get(p).get(0);
                Continuation b = bf16.get(p).get(0);
                assertEquals(tokens, a.length());
                assertArrayEquals(a.tokens(), b.tokens(), "prompt " + p + ": greedy tokens");
                worst = Math.max(worst, Math.abs(a.logprob() - b.logprob()) / tokens);
                assertEquals(a.logprob(), b.logprob(), LOGPROB_TOLERANCE * tokens, "prompt " + p + ": greedy log-prob");
            }
            System.out.printf("[lean-agent tests] bfloat16 vs float32, toy greedy: worst mean per-token log-prob difference %.2e (tolerance %.2f)%n",
                    worst, LOGPROB_TOLERANCE);
        }
    }

    @Test
    void fullVocabularyLogprobsMatchFloat32() throws Exception {
        // float32's greedy continuations, scored by both: every log-prob over 92,544 tokens.
        int tokens = 12;
        List<int[]> prompts = prompts(6, TinyCheckpoints.VOCAB);
        GenerationSettings greedy = new GenerationSettings(1, false, 0, 1.0, 0, tokens, 0);
        try (Checkpoint checkpoint = Checkpoint.open(TinyCheckpoints.internlm2(tmp.resolve("bf16"), SafetensorsWriter.Type.BF16))) {
            List<List<Continuation>> f32 = decode(checkpoint, ComputeType.FLOAT32, prompts, greedy);
            double worst = 0;
            try (Transformer model = Transformer.load(checkpoint, ComputeDevice.parse("cpu"), ComputeType.BFLOAT16)) {
                Scorer scorer = new Scorer(model);
                for (int p = 0; p < prompts.size(); p++) {
                    Continuation c = f32.get(p).get(0);
                    assertEquals(tokens, c.length());
                    double bf16 = scorer.score(prompts.get(p), List.of(c.tokens()))[0];
                    worst = Math.max(worst, Math.abs(bf16 - c.logprob()) / tokens);
                    assertEquals(c.logprob(), bf16, LOGPROB_TOLERANCE * tokens, "prompt " + p);
                }
            }
            System.out.printf("[lean-agent tests] bfloat16 vs float32, full vocabulary: worst mean per-token log-prob difference %.2e (tolerance %.2f)%n",
                    worst, LOGPROB_TOLERANCE);
            assertTrue(worst <= LOGPROB_TOLERANCE, "worst mean per-token difference " + worst);
        }
    }

    private static List<List<Continuation>> decode(Checkpoint checkpoint, ComputeType type, List<int[]> prompts, GenerationSettings s) {
        try (Transformer model = Transformer.load(checkpoint, ComputeDevice.parse("cpu"), type)) {
            return new Sampler(model).sample(prompts, s, new long[prompts.size()], new StopTokens());
        }
    }

    private static List<int[]> prompts(int count, int vocab) {
        List<int[]> prompts = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int[] p = new int[5 + 3 * k];
            p[0] = 1;
            for (int j = 1; j < p.length; j++) {
                p[j] = (int) (((long) k * 1000003 + (long) j * 7919 + 17) % vocab);
            }
            prompts.add(p);
        }
        return prompts;
    }
}
