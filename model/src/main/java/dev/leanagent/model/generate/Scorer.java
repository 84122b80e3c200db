package dev.leanagent.model.generate;

import dev.leanagent.model.torch.Tensors;
import dev.leanagent.model.transformer.KvCache;
import dev.leanagent.model.transformer.TokenBatch;
import dev.leanagent.model.transformer.Transformer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.List;

/**
 * Log-probs of given continuations under a prompt, by teacher forcing: the prompt runs once, its
 * cache is fanned out to one row per continuation, and all continuations run in one batched
 * pass (right-padded). A continuation's score is the sum of its tokens' log-probs; no stop token
 * is counted, the same definition as {@link Continuation#logprob()}.
 */
public final class Scorer {
    private final Transformer model;

    public Scorer(Transformer model) {
        this.model = model;
    }

    public double[] score(int[] prompt, List<int[]> continuations) {
        int k = continuations.size();
        double[] out = new double[k];
        if (k == 0) {
            return out;
        }
        int longest = continuations.stream().mapToInt(c -> c.length).max().orElse(0);
        try (InferenceMode guard = new InferenceMode();
             PointerScope scope = new PointerScope();
             KvCache cache = model.newCache(1, prompt.length + Math.max(longest, 1))) {
            Tensor first = Decoding.prefill(model, List.of(prompt), cache);               // [1, V]
            long[] firstTokens = new long[k];
            for (int i = 0; i < k; i++) {
                firstTokens[i] = continuations.get(i).length > 0 ? continuations.get(i)[0] : 0;
            }
            double[] firstLp = Decoding.gather(first.expand(k, first.size(1)), firstTokens);
            for (int i = 0; i < k; i++) {
                out[i] = continuations.get(i).length > 0 ? firstLp[i] : 0;
            }
            if (longest <= 1) {
                return out;
            }
            // Token j of continuation i (j >= 1) is predicted at chunk position j - 1.
            cache.select(new long[k]);
            int t = longest - 1;
            long[] ids = new long[k * t];
            long[] positions = new long[k * t];
            boolean[] valid = new boolean[k * t];
            long[] targets = new long[k * t];
            for (int i = 0; i < k; i++) {
                int[] c = continuations.get(i);
                for (int j = 0; j < t; j++) {
                    int at = i * t + j;
                    positions[at] = prompt.length + j;
                    if (j + 1 < c.length) {
                        ids[at] = c[j];
                        targets[at] = c[j + 1];
                        valid[at] = true;
                    }
                }
            }
            Tensor hidden = model.forward(new TokenBatch(k, t, ids, positions, valid), cache);
            Tensor logprobs = model.logits(hidden).log_softmax(-1);                        // [k, t, V]
            Tensor index = Tensors.longs(targets, k, t, 1).to(logprobs.device(), torch.ScalarType.Long);
            float[] picked = Tensors.toFloats(logprobs.gather(2, index));
            for (int at = 0; at < picked.length; at++) {
                if (valid[at]) {
                    out[at / t] += picked[at];
                }
            }
            return out;
        }
    }
}
