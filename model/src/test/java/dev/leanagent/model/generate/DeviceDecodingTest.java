package dev.leanagent.model.generate;

import dev.leanagent.model.checkpoint.Checkpoint;
import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.TinyCheckpoints;
import dev.leanagent.model.torch.ComputeDevice;
import dev.leanagent.model.torch.ComputeType;
import dev.leanagent.model.torch.Tensors;
import dev.leanagent.model.transformer.KvCache;
import dev.leanagent.model.transformer.TokenBatch;
import dev.leanagent.model.transformer.Transformer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoding stays on the device: the race drawn with tensor ops picks what the host-side race
 * picked, scoring by chunks gives what full log-softmax gave, and each decode step copies one
 * small tensor to the host.
 */
class DeviceDecodingTest {
    @TempDir
    static Path tmp;
    static Checkpoint checkpoint;
    static Transformer model;

    @BeforeAll
    static void load() throws Exception {
        // The full tiny vocabulary (92,544): the transfers counted are then what they would be for the real model.
        checkpoint = Checkpoint.open(TinyCheckpoints.internlm2(tmp.resolve("tiny"), SafetensorsWriter.Type.F32));
        model = Transformer.load(checkpoint, ComputeDevice.parse("cpu"), ComputeType.FLOAT32);
    }

    @AfterAll
    static void close() {
        model.close();
        checkpoint.close();
    }

    static final int[] PROMPT = {1, 333, 4444, 55, 9000, 12};

    @Test
    void deviceUniformsEqualTheHostHash() {
        long[] keys = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x123456789ABCDEFL, -0x7777L};
        long[] ids = {0, 1, 2, 92543, 1 << 20, 77, 31337};
        try (PointerScope scope = new PointerScope()) {
            double[] device = Tensors.toDoubles(NextTokens.uniform(Tensors.longs(keys, keys.length, 1),
                    Tensors.longs(ids, 1, ids.length)));
            for (int k = 0; k < keys.length; k++) {
                for (int i = 0; i < ids.length; i++) {
                    double u = NextTokens.uniform(keys[k], ids[i]);
                    assertTrue(u > 0 && u < 1);
                    assertEquals(u, device[k * ids.length + i], 0.0, "key " + keys[k] + " id " + ids[i]);
                }
            }
        }
    }

    @Test
    void deviceDrawsEqualTheHostRaceOfMainsSampler() {
        int rows = 24;
        int vocab = 500;
        Random random = new Random(11);
        List<GenerationSettings> settings = List.of(
                new GenerationSettings(1, false, 1.0, 1.0, 0, 1, 0),
                new GenerationSettings(1, false, 0.7, 0.9, 0, 1, 0),
                new GenerationSettings(1, false, 1.3, 1.0, 40, 1, 0),
                new GenerationSettings(1, false, 1.0, 0.5, 10, 1, 0));
        int compared = 0;
        for (int trial = 0; trial < 5; trial++) {
            double[] logits = new double[rows * vocab];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = 3 * random.nextGaussian();
            }
            long[] keys = random.longs(rows).toArray();
            try (PointerScope scope = new PointerScope()) {
                Tensor lp = Tensors.doubles(logits, rows, vocab).to(torch.ScalarType.Float).log_softmax(1);
                float[] host = Tensors.toFloats(lp);
                for (GenerationSettings s : settings) {
                    long[] device = NextTokens.sample(lp, s, keys).tokens();
                    for (int r = 0; r < rows; r++) {
                        assertEquals(hostRace(Arrays.copyOfRange(host, r * vocab, (r + 1) * vocab), s, keys[r]), device[r],
                                "trial " + trial + " row " + r + " " + s);
                        compared++;
                    }
                }
            }
        }
        assertEquals(5 * 4 * rows, compared);
    }

    /**
     * main's draw, done on the host: sort, softmax over the tempered vocabulary, top-k, top-p from
     * the sorted sums, then the race keyed by token id.
     */
    private static long hostRace(float[] logprobs, GenerationSettings s, long key) {
        int v = logprobs.length;
        Integer[] order = new Integer[v];
        for (int i = 0; i < v; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> -logprobs[i]));
        double max = logprobs[order[0]] / s.temperature();
        double sum = 0;
        for (float x : logprobs) {
            sum += Math.exp(x / s.temperature() - max);
        }
        int width = s.topK() > 0 ? Math.min(s.topK(), v) : v;
        double before = 0;
        double best = Double.POSITIVE_INFINITY;
        long pick = -1;
        for (int j = 0; j < width && before < s.topP(); j++) {
            double p = Math.exp(logprobs[order[j]] / s.temperature() - max) / sum;
            double time = -Math.log(NextTokens.uniform(key, order[j])) / p;
            if (time < best) {
                best = time;
                pick = order[j];
            }
            before += p;
        }
        return pick;
    }

    @Test
    void samplingCopiesOneSmallTensorPerStep() {
        int steps = 7;
        int samples = 5;
        // No stop tokens: every step runs, so the copies counted are exactly one per step.
        GenerationSettings s = new GenerationSettings(samples, false, 0.9, 0.95, 0, steps, 0);
        Tensors.HostCopies before = Tensors.hostCopies();
        List<Continuation> out = new Sampler(model).sample(List.of(PROMPT, new int[] {1, 2}), s, new long[] {3, 4}, new StopTokens()).get(0);
        Tensors.HostCopies copies = Tensors.hostCopies().since(before);
        assertEquals(steps, out.get(0).length());
        assertEquals(steps, copies.copies(), "one copy per step");
        assertEquals(steps * 2L * 2 * samples, copies.values(), "a token and its log-prob per row and step");

        GenerationSettings topK = new GenerationSettings(samples, false, 1.0, 1.0, 8, steps, 0);
        before = Tensors.hostCopies();
        new Sampler(model).sample(List.of(PROMPT), topK, new long[] {3}, new StopTokens());
        assertEquals(new Tensors.HostCopies(steps, steps * 2L * samples), Tensors.hostCopies().since(before));

        GenerationSettings greedy = new GenerationSettings(1, false, 0, 1.0, 0, steps, 0);
        before = Tensors.hostCopies();
        new Sampler(model).sample(List.of(PROMPT), greedy, new long[] {3}, new StopTokens());
        assertEquals(new Tensors.HostCopies(steps, steps * 2L), Tensors.hostCopies().since(before));
    }

    @Test
    void beamSearchCopiesOneSmallTensorPerStep() {
        int steps = 5;
        int width = 3;
        Tensors.HostCopies before = Tensors.hostCopies();
        new BeamSearch(model).search(List.of(PROMPT), GenerationSettings.beams(width, steps), new StopTokens());
        // 2W scores and 2W indices per prompt and step.
        assertEquals(new Tensors.HostCopies(steps, steps * 4L * width), Tensors.hostCopies().since(before));
    }

    @Test
    void scoringCopiesOnlyTheSums() {
        List<int[]> tactics = List.of(new int[] {5, 6, 7, 8}, new int[] {9}, new int[] {10, 11, 12});
        Tensors.HostCopies before = Tensors.hostCopies();
        new Scorer(model).score(PROMPT, tactics);
        assertEquals(new Tensors.HostCopies(1, tactics.size()), Tensors.hostCopies().since(before));
    }

    @Test
    void scoringByChunksEqualsFullLogSoftmaxOfEachSequence() {
        List<int[]> tactics = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < 9; i++) {
            tactics.add(random.ints(i % 5, 3, TinyCheckpoints.VOCAB).toArray());       // lengths 0..4
        }
        double[] expected = new double[tactics.size()];
        for (int i = 0; i < tactics.size(); i++) {
            expected[i] = fullPassLogprob(PROMPT, tactics.get(i));
        }
        for (long chunk : new long[] {1, 3, 7, 1000}) {
            double[] scored = new Scorer(model, chunk).score(PROMPT, tactics);
            assertArrayEquals(expected, scored, 1e-4, "chunks of " + chunk + " positions");
        }
        assertArrayEquals(expected, new Scorer(model).score(PROMPT, tactics), 1e-4, "default chunks");
    }

    /** The old way: float32 logits of every position of prompt + tactic, log-softmax, sum. */
    private static double fullPassLogprob(int[] prompt, int[] tactic) {
        int[] all = Arrays.copyOf(prompt, prompt.length + tactic.length);
        System.arraycopy(tactic, 0, all, prompt.length, tactic.length);
        try (InferenceMode guard = new InferenceMode(); PointerScope scope = new PointerScope();
             KvCache cache = model.newCache(1, all.length)) {
            float[] lp = Tensors.toFloats(model.logits(model.forward(TokenBatch.leftPadded(List.of(all), 0), cache)).log_softmax(-1));
            int v = lp.length / all.length;
            double sum = 0;
            for (int j = 0; j < tactic.length; j++) {
                sum += lp[(prompt.length - 1 + j) * v + tactic[j]];
            }
            return sum;
        }
    }

    @Test
    void filteredSamplesDependOnlyOnTheirSeed() {
        GenerationSettings s = new GenerationSettings(6, false, 0.8, 0.9, 50, 6, 0);
        Sampler sampler = new Sampler(model);
        List<Continuation> alone = sampler.sample(List.of(PROMPT), s, new long[] {42}, new StopTokens()).get(0);
        List<Continuation> batched = sampler.sample(List.of(new int[] {1, 77, 78, 79, 80, 81, 82, 83}, PROMPT),
                s, new long[] {7, 42}, new StopTokens()).get(1);
        for (int i = 0; i < alone.size(); i++) {
            assertArrayEquals(alone.get(i).tokens(), batched.get(i).tokens(), "sample " + i);
            assertEquals(alone.get(i).logprob(), batched.get(i).logprob(), 1e-4, "sample " + i);
        }
    }
}
