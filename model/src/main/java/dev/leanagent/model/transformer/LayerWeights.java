package dev.leanagent.model.transformer;

import org.bytedeco.pytorch.Tensor;

/**
 * One decoder layer's weights in the Llama layout ([out, in] matrices). InternLM2's fused
 * {@code wqkv} is split into {@code wq}, {@code wk}, {@code wv} at load time, so one forward
 * pass serves both families.
 */
public record LayerWeights(
        Tensor attentionNorm,
        Tensor wq,
        Tensor wk,
        Tensor wv,
        Tensor wo,
        Tensor ffnNorm,
        Tensor gate,
        Tensor up,
        Tensor down) {

    /** Every tensor of the layer, each once. */
    public java.util.List<Tensor> all() {
        return java.util.List.of(attentionNorm, wq, wk, wv, wo, ffnNorm, gate, up, down);
    }
}
