package dev.leanagent.model.generate;

import dev.leanagent.model.transformer.KvCache;
import dev.leanagent.model.transformer.TokenBatch;
import dev.leanagent.model.transformer.Transformer;
import org.bytedeco.pytorch.Tensor;

import java.util.List;

/** The two forward calls every decoder loop makes, returning next-token log-probs [rows, vocab]. */
final class Decoding {
    private Decoding() {
    }

    /** Runs the prompts (left-padded) and returns the log-probs after each prompt's last token. */
    static Tensor prefill(Transformer model, List<int[]> prompts, KvCache cache) {
        Tensor hidden = model.forward(TokenBatch.leftPadded(prompts, 0), cache);
        Tensor last = hidden.narrow(1, hidden.size(1) - 1, 1).squeeze(1);
        return model.logits(last).log_softmax(-1);
    }

    /** Feeds one token per row at the given positions. */
    static Tensor step(Transformer model, long[] tokens, long[] positions, KvCache cache) {
        Tensor hidden = model.forward(TokenBatch.step(tokens, positions), cache);
        return model.logits(hidden.squeeze(1)).log_softmax(-1);
    }

    static int maxLength(List<int[]> prompts) {
        return prompts.stream().mapToInt(p -> p.length).max().orElse(0);
    }
}
