package dev.leanagent.model.generate;

import dev.leanagent.model.torch.Tensors;
import dev.leanagent.model.transformer.KvCache;
import dev.leanagent.model.transformer.Transformer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws n samples per prompt with temperature, top-k and nucleus (top-p) filtering, or greedily
 * at temperature 0. Each prompt is prefilled once and its cache fanned out to its n samples.
 *
 * <p>Every sample has its own seed, derived from the request's seed and the sample's index, so a
 * request's candidates do not depend on what else was batched with it. The draw is an exponential
 * race keyed by token id (token t wins with probability p_t), not a walk down the sorted
 * probabilities: another batch shape rounds the logits slightly differently, which reorders nearly
 * equal probabilities, and a cumulative walk then lands on another token; the race only changes
 * its winner when two tokens' race times nearly tie, or when rounding moves the winner across
 * the edge of the top-p nucleus (which is still cut from the sorted sums).
 */
public final class Sampler {
    private final Transformer model;

    public Sampler(Transformer model) {
        this.model = model;
    }

    public List<List<Continuation>> sample(List<int[]> prompts, GenerationSettings settings, long[] seeds, StopTokens stop) {
        int b = prompts.size();
        int n = settings.candidates();
        int rows = b * n;
        Row[] state = new Row[rows];
        long[] fanOut = new long[rows];
        for (int r = 0; r < rows; r++) {
            int p = r / n;
            state[r] = new Row(prompts.get(p).length, seeds[p] * 0x9E3779B97F4A7C15L + (r % n));
            fanOut[r] = p;
        }
        try (InferenceMode guard = new InferenceMode();
             KvCache cache = model.newCache(b, Decoding.maxLength(prompts) + settings.maxTokens())) {
            long[] tokens = new long[rows];
            for (int step = 0; step < settings.maxTokens(); step++) {
                try (PointerScope scope = new PointerScope()) {
                    Tensor logprobs;
                    if (step == 0) {
                        logprobs = Decoding.prefill(model, prompts, cache);
                        cache.select(fanOut);
                        logprobs = logprobs.index_select(0, Tensors.longs(fanOut, rows).to(logprobs.device(),
                                org.bytedeco.pytorch.global.torch.ScalarType.Long));
                    } else {
                        long[] positions = new long[rows];
                        for (int r = 0; r < rows; r++) {
                            positions[r] = state[r].nextPosition();
                        }
                        logprobs = Decoding.step(model, tokens, positions, cache);
                    }
                    tokens = settings.greedy() ? argmax(logprobs) : draw(logprobs, settings, state);
                    double[] chosen = Decoding.gather(logprobs, tokens);
                    boolean allDone = true;
                    for (int r = 0; r < rows; r++) {
                        state[r].accept((int) tokens[r], chosen[r], stop);
                        allDone &= state[r].done;
                    }
                    if (allDone) {
                        break;
                    }
                }
            }
        }
        List<List<Continuation>> out = new ArrayList<>();
        for (int p = 0; p < b; p++) {
            List<Continuation> samples = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                samples.add(state[p * n + i].continuation());
            }
            out.add(samples);
        }
        return out;
    }

    private static long[] argmax(Tensor logprobs) {
        return Tensors.toLongs(logprobs.argmax(new org.bytedeco.pytorch.LongOptional(-1), false));
    }

    /**
     * Filters on the device (sort, top-k, cumulative top-p) and ships only the surviving head of
     * each sorted row to Java, where the row's own random stream picks a token.
     */
    private static long[] draw(Tensor logprobs, GenerationSettings settings, Row[] state) {
        T_TensorTensor_T sorted = logprobs.div(new Scalar(settings.temperature())).sort(-1, true);
        Tensor probs = sorted.get0().softmax(-1);
        Tensor order = sorted.get1();
        if (settings.topK() > 0 && settings.topK() < probs.size(1)) {
            probs = probs.narrow(1, 0, settings.topK());
            order = order.narrow(1, 0, settings.topK());
        }
        if (settings.topP() < 1.0) {
            Tensor before = probs.cumsum(1).sub(probs);
            Tensor keep = before.lt(new Scalar(settings.topP()));
            long width = Tensors.toLongs(keep.sum(new long[] {1}, false, new org.bytedeco.pytorch.ScalarTypeOptional(
                    org.bytedeco.pytorch.global.torch.ScalarType.Long)).max())[0];
            probs = probs.masked_fill(keep.logical_not(), new Scalar(0.0)).narrow(1, 0, width);
            order = order.narrow(1, 0, width);
        }
        int rows = (int) probs.size(0);
        int width = (int) probs.size(1);
        float[] p = Tensors.toFloats(probs);
        long[] ids = Tensors.toLongs(order);
        long[] out = new long[rows];
        for (int r = 0; r < rows; r++) {
            long key = mix(state[r].seed + state[r].tokens.size() * 0xD1B54A32D192ED03L);
            double best = Double.POSITIVE_INFINITY;
            long pick = ids[r * width];
            for (int j = 0; j < width; j++) {
                float pj = p[r * width + j];
                if (pj <= 0) {
                    continue;
                }
                long id = ids[r * width + j];
                double time = -Math.log(uniform(key, id)) / pj; // exponential with rate p_j: the first to arrive wins
                if (time < best) {
                    best = time;
                    pick = id;
                }
            }
            out[r] = pick;
        }
        return out;
    }

    /** A uniform number in (0, 1) fixed by the row's step key and the token id alone. */
    static double uniform(long key, long tokenId) {
        return ((mix(key ^ (tokenId * 0x9E3779B97F4A7C15L)) >>> 12) + 0.5) * 0x1.0p-52; // 52 bits: the +0.5 stays exact
    }

    /** SplitMix64's finaliser: a well-mixed 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One sample's progress. */
    private static final class Row {
        final int promptLength;
        final long seed;
        final List<Integer> tokens = new ArrayList<>();
        double logprob;
        int stopToken = -1;
        double stopLogprob;
        boolean done;

        Row(int promptLength, long seed) {
            this.promptLength = promptLength;
            this.seed = seed;
        }

        /** Where the token fed next (the last one accepted) sits: prompt positions are 0..P-1. */
        long nextPosition() {
            return promptLength + tokens.size() - 1;
        }

        void accept(int token, double lp, StopTokens stop) {
            if (done) {
                return;
            }
            if (stop.contains(token)) {
                stopToken = token;
                stopLogprob = lp;
                done = true;
            } else {
                tokens.add(token);
                logprob += lp;
            }
        }

        Continuation continuation() {
            return new Continuation(tokens.stream().mapToInt(Integer::intValue).toArray(), logprob, stopToken, stopLogprob);
        }
    }
}
