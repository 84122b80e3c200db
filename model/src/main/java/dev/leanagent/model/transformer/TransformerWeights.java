package dev.leanagent.model.transformer;

import org.bytedeco.pytorch.Tensor;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * All weights on the compute device. {@code mapped} keeps the memory-mapped checkpoint regions
 * reachable: on the CPU, weights already in the compute type are used in place, without a copy.
 */
public record TransformerWeights(
        Tensor embedding,
        List<LayerWeights> layers,
        Tensor finalNorm,
        Tensor output,
        List<ByteBuffer> mapped) {
}
