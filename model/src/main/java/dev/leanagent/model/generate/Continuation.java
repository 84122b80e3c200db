package dev.leanagent.model.generate;

/**
 * One generated continuation of a prompt. {@code logprob} is the sum of the model's log-probs
 * (at temperature 1) of {@code tokens}; the stop token is neither in {@code tokens} nor counted,
 * which is exactly what {@link Scorer} computes for the same tokens. {@code stopToken} is -1 when
 * the token budget ran out first.
 */
public record Continuation(int[] tokens, double logprob, int stopToken, double stopLogprob) {

    public boolean stopped() {
        return stopToken >= 0;
    }

    /** The probability of generating exactly these tokens and then stopping: what beams rank by. */
    public double completeLogprob() {
        return logprob + stopLogprob;
    }

    public int length() {
        return tokens.length;
    }
}
