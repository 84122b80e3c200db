package dev.leanagent.model.transformer;

/**
 * How attention is computed. {@code FUSED}: LibTorch's scaled_dot_product_attention with the
 * causal and padding mask (the default; on CUDA a fused kernel that never holds the scores).
 * {@code MATERIALISED}: scores in float32, masked, softmaxed, then the values; the reference.
 */
public enum AttentionKernel {
    FUSED,
    MATERIALISED
}
