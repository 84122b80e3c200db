package dev.leanagent.model.generate;

import dev.leanagent.model.torch.Tensors;
import dev.leanagent.model.transformer.KvCache;
import dev.leanagent.model.transformer.Transformer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InferenceMode;
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
 * the edge of the top-p nucleus (which is still cut from the sorted sums). The whole draw runs on
 * the device ({@link NextTokens}); each step copies back only the picks and their log-probs.
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
                    NextTokens.Picks picks;
                    if (settings.greedy()) {
                        picks = NextTokens.greedy(logprobs);
                    } else {
                        long[] keys = new long[rows];
                        for (int r = 0; r < rows; r++) {
                            keys[r] = state[r].stepKey();
                        }
                        picks = NextTokens.sample(logprobs, settings, keys);
                    }
                    tokens = picks.tokens();
                    double[] chosen = picks.logprobs();
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

        /** Fixes this sample's race at its current length: its own seed and step, nothing else. */
        long stepKey() {
            return NextTokens.mix(seed + tokens.size() * 0xD1B54A32D192ED03L);
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
