package dev.leanagent.model.checkpoint;

/**
 * How rotary embeddings stretch past the trained context. {@code DYNAMIC} is the NTK rule of
 * InternLM2 and Llama: beyond {@code max_position_embeddings} the rotary base grows with the
 * sequence length; {@code LINEAR} divides positions by the factor.
 */
public record RopeScaling(Kind kind, double factor) {
    public enum Kind { NONE, LINEAR, DYNAMIC }

    public static final RopeScaling NONE = new RopeScaling(Kind.NONE, 1.0);
}
