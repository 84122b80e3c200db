package dev.leanagent.model;

/**
 * A tactic with the sum of its tokens' log-probs under the model and its token count.
 *
 * <p>A generated tactic ends at a stop token (newline, {@code <|im_end|>}, end of sequence) that
 * is not counted. The InternLM2 vocabulary also has pieces such as {@code ")\n"} that carry the
 * end of a tactic together with the newline: their text before the newline is part of
 * {@code tactic}, and their log-prob and token are counted with it.
 */
public record Suggestion(String tactic, double logprob, int tokens) {
}
