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
 * is counted, the same definition as {@link Continuation#logprob()}. The output projection runs
 * chunk by chunk over the positions that predict a token, each chunk's target log-probs gathered
 * and summed on the device; one copy brings the sums back.
 */
public final class Scorer {
    /**
     * The float32 logits built at once: 64 MiB, 181 positions of a 92,544-token vocabulary.
     * Building them for every position of every candidate at once would take 1.5 GB for 64
     * candidates of 64 tokens, beside a 7B model.
     */
    static final long LOGIT_BYTES = 64L << 20;

    private final Transformer model;
    private final long chunkPositions;

    public Scorer(Transformer model) {
        this(model, Math.max(1, LOGIT_BYTES / (4L * model.config().vocabSize())));
    }

    /** Tests use small chunks to cross chunk boundaries on a tiny model. */
    Scorer(Transformer model, long chunkPositions) {
        this.model = model;
        this.chunkPositions = chunkPositions;
    }

    public double[] score(int[] prompt, List<int[]> continuations) {
        int k = continuations.size();
        if (k == 0) {
            return new double[0];
        }
        int longest = continuations.stream().mapToInt(c -> c.length).max().orElse(0);
        try (InferenceMode guard = new InferenceMode();
             PointerScope scope = new PointerScope();
             KvCache cache = model.newCache(1, prompt.length + Math.max(longest, 1))) {
            Tensor first = Decoding.prefill(model, List.of(prompt), cache);               // [1, V]
            long[] firstTokens = new long[k];
            double[] nonEmpty = new double[k];
            for (int i = 0; i < k; i++) {
                firstTokens[i] = continuations.get(i).length > 0 ? continuations.get(i)[0] : 0;
                nonEmpty[i] = continuations.get(i).length > 0 ? 1 : 0;
            }
            // Every sum stays on the device until the one copy at the end.
            Tensor sums = first.expand(k, first.size(1)).gather(1, onDevice(firstTokens, k, 1)).squeeze(1)
                    .to(torch.ScalarType.Double).mul(Tensors.doubles(nonEmpty, k).to(first.device(), torch.ScalarType.Double));
            if (longest > 1) {
                addTail(prompt, continuations, longest - 1, cache, sums);
            }
            return Tensors.toDoubles(sums);
        }
    }

    /** Adds the log-probs of every continuation's tokens after its first to {@code sums} [k]. */
    private void addTail(int[] prompt, List<int[]> continuations, int t, KvCache cache, Tensor sums) {
        // Token j of continuation i (j >= 1) is predicted at chunk position j - 1.
        int k = continuations.size();
        cache.select(new long[k]);
        long[] ids = new long[k * t];
        long[] positions = new long[k * t];
        boolean[] valid = new boolean[k * t];
        int scored = 0;
        for (int i = 0; i < k; i++) {
            int[] c = continuations.get(i);
            for (int j = 0; j < t; j++) {
                int at = i * t + j;
                positions[at] = prompt.length + j;
                if (j + 1 < c.length) {
                    ids[at] = c[j];
                    valid[at] = true;
                    scored++;
                }
            }
        }
        // Only the positions that predict a real token reach the output projection.
        long[] rows = new long[scored];
        long[] owner = new long[scored];
        long[] targets = new long[scored];
        int n = 0;
        for (int at = 0; at < valid.length; at++) {
            if (valid[at]) {
                rows[n] = at;
                owner[n] = at / t;
                targets[n] = continuations.get(at / t)[at % t + 1];
                n++;
            }
        }
        Tensor hidden = model.forward(new TokenBatch(k, t, ids, positions, valid), cache);
        Tensor picked = hidden.view(-1, hidden.size(2)).index_select(0, onDevice(rows, scored));
        Tensor owners = onDevice(owner, scored);
        Tensor wanted = onDevice(targets, scored, 1);
        for (long from = 0; from < scored; from += chunkPositions) {
            long len = Math.min(chunkPositions, scored - from);
            try (PointerScope chunk = new PointerScope()) {
                Tensor logits = model.logits(picked.narrow(0, from, len));                       // [len, V]
                Tensor lp = logits.gather(1, wanted.narrow(0, from, len)).squeeze(1)
                        .sub(logits.logsumexp(new long[] {1}, false));
                sums.index_add_(0, owners.narrow(0, from, len), lp.to(torch.ScalarType.Double));
            }
        }
    }

    private Tensor onDevice(long[] values, long... shape) {
        return Tensors.longs(values, shape).to(model.device().device(), torch.ScalarType.Long);
    }
}
