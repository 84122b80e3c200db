package dev.leanagent.model.generate;

import dev.leanagent.model.torch.Tensors;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Picks each row's next token on the device, greedily or by an exponential race over the
 * temperature-scaled, top-k and top-p filtered distribution, and brings back only the picks and
 * their log-probs (at temperature 1): one [rows, 2] transfer per step, whatever the vocabulary.
 *
 * <p>The race: token t of row r arrives at time E/p_t, E exponential from a uniform fixed by the
 * row's step key and t alone ({@link #uniform}); the first to arrive wins, which is a draw from p.
 * It is computed as argmax(log p_t - log E), the same ranking. Because the uniform depends on the
 * token id, not on its rank, a different batch (which rounds logits a little differently and may
 * reorder near-equal probabilities) does not change the winner except on near-exact ties.
 */
final class NextTokens {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** The chosen token of each row and its log-prob under the model at temperature 1. */
    record Picks(long[] tokens, double[] logprobs) {
    }

    private NextTokens() {
    }

    static Picks greedy(Tensor logprobs) {
        return pack(logprobs, logprobs.argmax(new LongOptional(1), true));
    }

    /**
     * @param logprobs [rows, vocab] float32 log-probs at temperature 1
     * @param keys     each row's key for this step (see {@link Sampler}), fixing its race
     */
    static Picks sample(Tensor logprobs, GenerationSettings settings, long[] keys) {
        long vocab = logprobs.size(1);
        Tensor scaled = settings.temperature() == 1.0 ? logprobs : logprobs.div(new Scalar(settings.temperature()));
        // Probabilities stay those of the whole tempered distribution (top-k does not renormalise
        // before the top-p cut): the nucleus is the head whose full-vocabulary mass reaches top-p.
        Tensor candidates;
        Tensor ids;
        if (settings.topK() > 0 && settings.topK() < vocab) {
            T_TensorTensor_T top = scaled.topk(settings.topK(), 1, true, true);
            candidates = top.get0();
            ids = top.get1();
        } else if (settings.topP() < 1.0) {
            T_TensorTensor_T sorted = scaled.sort(1, true);
            candidates = sorted.get0();
            ids = sorted.get1();
        } else {
            candidates = scaled;
            ids = torch.arange(new Scalar(0), new Scalar(vocab), longs(logprobs)).view(1, vocab);
        }
        Tensor logp = candidates.sub(scaled.logsumexp(new long[] {1}, true));
        if (settings.topP() < 1.0) {
            Tensor p = logp.exp();
            Tensor outside = p.cumsum(1).sub(p).ge(new Scalar(settings.topP()));
            logp = logp.masked_fill(outside, new Scalar(Double.NEGATIVE_INFINITY));
        }
        Tensor key = Tensors.longs(keys, keys.length, 1).to(logprobs.device(), torch.ScalarType.Long);
        Tensor arrival = uniform(key, ids).log_().neg_().log_();                       // log E
        Tensor winner = logp.to(torch.ScalarType.Double).sub_(arrival).argmax(new LongOptional(1), true);
        Tensor token = ids.size(0) == 1 ? winner : ids.gather(1, winner);
        return pack(logprobs, token);
    }

    /** The picks [rows, 1] and their log-probs, copied to the host together. */
    private static Picks pack(Tensor logprobs, Tensor token) {
        Tensor both = torch.cat(new TensorVector(token.to(torch.ScalarType.Double),
                logprobs.gather(1, token).to(torch.ScalarType.Double)), 1);
        double[] flat = Tensors.toDoubles(both);
        int rows = flat.length / 2;
        long[] tokens = new long[rows];
        double[] lp = new double[rows];
        for (int r = 0; r < rows; r++) {
            tokens[r] = (long) flat[2 * r];
            lp[r] = flat[2 * r + 1];
        }
        return new Picks(tokens, lp);
    }

    /**
     * {@link #uniform(long, long)} on the device for every pair of a row key [rows, 1] and a token
     * id [rows or 1, n], as float64. int64 products wrap as Java's do; shifts are made logical by
     * masking off the copied sign bits. In place on two buffers: [rows, vocab] temporaries are
     * tens of MB each, and on the CPU every fresh one costs its page faults.
     */
    static Tensor uniform(Tensor key, Tensor ids) {
        Tensor z = ids.mul(new Scalar(GOLDEN)).bitwise_xor(key);
        Tensor scratch = torch.empty_like(z);
        xorShift(z, scratch, 30).mul_(new Scalar(0xBF58476D1CE4E5B9L));
        xorShift(z, scratch, 27).mul_(new Scalar(0x94D049BB133111EBL));
        xorShift(z, scratch, 31);
        logicalShift(z, 12);
        return z.to(torch.ScalarType.Double).add_(new Scalar(0.5)).mul_(new Scalar(0x1.0p-52));
    }

    /** z ^= z >>> bits, in place, using {@code scratch}. */
    private static Tensor xorShift(Tensor z, Tensor scratch, int bits) {
        scratch.copy_(z);
        return z.bitwise_xor_(logicalShift(scratch, bits));
    }

    private static Tensor logicalShift(Tensor z, int bits) {
        return z.bitwise_right_shift_(new Scalar((long) bits)).bitwise_and_(new Scalar((1L << (64 - bits)) - 1));
    }

    /** A uniform number in (0, 1) fixed by the row's step key and the token id alone. */
    static double uniform(long key, long tokenId) {
        return ((mix(key ^ (tokenId * GOLDEN)) >>> 12) + 0.5) * 0x1.0p-52; // 52 bits: the +0.5 stays exact
    }

    /** SplitMix64's finaliser: a well-mixed 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static TensorOptions longs(Tensor like) {
        return new TensorOptions(torch.ScalarType.Long).device(new DeviceOptional(like.device()));
    }
}
