package dev.leanagent.model;

/**
 * A tactic with the sum of its tokens' log-probs under the model and its token count.
 *
 * <p>A generated tactic ends at a stop token (newline, {@code <|im_end|>}, end of sequence) that
 * is not counted. The InternLM2 vocabulary has pieces such as {@code ")\n"} that carry the end of
 * a tactic together with the newline; their text before the newline is kept in {@code tactic}
 * while their log-prob, as a stop, is not counted.
 */
public record Suggestion(String tactic, double logprob, int tokens) {
}
