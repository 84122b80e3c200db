package dev.leanagent.model;

import dev.leanagent.model.checkpoint.Architecture;
import dev.leanagent.model.checkpoint.ModelConfig;
import dev.leanagent.model.checkpoint.RopeScaling;
import dev.leanagent.model.generate.GenerationSettings;
import dev.leanagent.model.generate.Sampler;
import dev.leanagent.model.generate.StopTokens;
import dev.leanagent.model.torch.ComputeDevice;
import dev.leanagent.model.torch.ComputeType;
import dev.leanagent.model.torch.Tensors;
import dev.leanagent.model.transformer.KvCache;
import dev.leanagent.model.transformer.RandomWeights;
import dev.leanagent.model.transformer.TokenBatch;
import dev.leanagent.model.transformer.Transformer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fixed forward-pass workload of the model benchmark: random weights, a batch of prompts
 * prefilled (logits for the last position only, as generation needs), then greedy decode steps
 * with the KV cache. The Python eager baseline ({@code model/src/test/python/bench_eager.py})
 * runs the same workload.
 */
public final class ModelBenchmark {

    public record Shape(int layers, int hidden, int heads, int kvHeads, int intermediate, int vocab) {
        public ModelConfig config() {
            return new ModelConfig(Architecture.INTERNLM2, vocab, hidden, intermediate, layers, heads, kvHeads,
                    32768, 1e-5, 1_000_000, RopeScaling.NONE, false, 1, 2);
        }
    }

    public record Workload(int batch, int promptTokens, int decodeSteps, int warmups, int rounds) {
    }

    /** Medians over the timed rounds. */
    public record Result(double prefillMillis, double decodeMillisPerStep, double prefillTokensPerSecond,
                         double decodeTokensPerSecond, int threads, String device) {
    }

    /**
     * What a search asks of the model: {@code samples} samples of exactly {@code tokens} tokens
     * (no stop token ends them early) for each of {@code states} prompts, batched in one request,
     * at temperature 1 with the given top-p.
     */
    public record SamplingWorkload(int states, int samples, int tokens, int promptTokens, double topP,
                                   int warmups, int rounds) {
    }

    /**
     * Medians over the timed rounds. {@code outsideForwardShare}: the part of a round not spent in
     * the network's forward pass and output projection (sampling, transfers, bookkeeping).
     */
    public record SamplingResult(double millisPerRound, double tokensPerSecond, double outsideForwardShare,
                                 int threads, String device) {
    }

    public static Result run(Shape shape, Workload w, ComputeDevice d, ComputeType type, int threads) {
        if (threads > 0) {
            torch.set_num_threads(threads);
        }
        ModelConfig config = shape.config();
        try (Transformer model = new Transformer(config, RandomWeights.create(config, d.device(), type.scalarType(), 0), d, type)) {
            List<int[]> prompts = prompts(w.batch(), w.promptTokens(), shape.vocab());
            double[] prefill = new double[w.rounds()];
            double[] decode = new double[w.rounds()];
            for (int round = -w.warmups(); round < w.rounds(); round++) {
                double[] times = once(model, prompts, w);
                if (round >= 0) {
                    prefill[round] = times[0];
                    decode[round] = times[1];
                }
            }
            double p = median(prefill);
            double s = median(decode);
            return new Result(p * 1e3, s * 1e3 / w.decodeSteps(), w.batch() * (double) w.promptTokens() / p,
                    w.batch() * (double) w.decodeSteps() / s, torch.get_num_threads(), d.name());
        }
    }

    public static SamplingResult runSampling(Shape shape, SamplingWorkload w, ComputeDevice d, ComputeType type, int threads) {
        if (threads > 0) {
            torch.set_num_threads(threads);
        }
        ModelConfig config = shape.config();
        try (Transformer model = new Transformer(config, RandomWeights.create(config, d.device(), type.scalarType(), 0), d, type)) {
            List<int[]> prompts = prompts(w.states(), w.promptTokens(), shape.vocab());
            GenerationSettings settings = new GenerationSettings(w.samples(), false, 1.0, w.topP(), 0, w.tokens(), 0);
            long[] seeds = new long[w.states()];
            Sampler sampler = new Sampler(model);
            double[] seconds = new double[w.rounds()];
            double[] outside = new double[w.rounds()];
            for (int round = -w.warmups(); round < w.rounds(); round++) {
                Arrays.fill(seeds, round);
                model.clockForwardPasses(true);
                long start = System.nanoTime();
                sampler.sample(prompts, settings, seeds, new StopTokens());
                long elapsed = System.nanoTime() - start;
                if (round >= 0) {
                    seconds[round] = elapsed / 1e9;
                    outside[round] = 1 - model.forwardNanos() / (double) elapsed;
                }
            }
            model.clockForwardPasses(false);
            double s = median(seconds);
            return new SamplingResult(s * 1e3, (double) w.states() * w.samples() * w.tokens() / s, median(outside),
                    torch.get_num_threads(), d.name());
        }
    }

    private static List<int[]> prompts(int rows, int tokens, int vocab) {
        List<int[]> prompts = new ArrayList<>();
        for (int b = 0; b < rows; b++) {
            int[] p = new int[tokens];
            for (int t = 0; t < p.length; t++) {
                p[t] = (int) (((long) b * 7919 + (long) t * 104729 + 1) % vocab);
            }
            prompts.add(p);
        }
        return prompts;
    }

    /** Seconds for the prefill and for all decode steps of one round. */
    private static double[] once(Transformer model, List<int[]> prompts, Workload w) {
        int rows = prompts.size();
        try (InferenceMode guard = new InferenceMode();
             KvCache cache = model.newCache(rows, w.promptTokens() + w.decodeSteps())) {
            long start = System.nanoTime();
            long[] next;
            try (PointerScope scope = new PointerScope()) {
                Tensor hidden = model.forward(TokenBatch.leftPadded(prompts, 0), cache);
                Tensor logits = model.logits(hidden.narrow(1, hidden.size(1) - 1, 1).squeeze(1));
                next = Tensors.toLongs(logits.argmax(new LongOptional(-1), false));
            }
            long prefilled = System.nanoTime();
            for (int step = 0; step < w.decodeSteps(); step++) {
                long[] positions = new long[rows];
                Arrays.fill(positions, w.promptTokens() + step);
                try (PointerScope scope = new PointerScope()) {
                    Tensor hidden = model.forward(TokenBatch.step(next, positions), cache);
                    next = Tensors.toLongs(model.logits(hidden.squeeze(1)).argmax(new LongOptional(-1), false));
                }
            }
            long done = System.nanoTime();
            return new double[] {(prefilled - start) / 1e9, (done - prefilled) / 1e9};
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
