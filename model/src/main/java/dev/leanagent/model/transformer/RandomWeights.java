package dev.leanagent.model.transformer;

import dev.leanagent.model.checkpoint.ModelConfig;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;

/** Random weights of a given shape, for benchmarks: speed does not depend on the values. */
public final class RandomWeights {
    private RandomWeights() {
    }

    /** The weights are the caller's to close; every intermediate is freed here. */
    public static TransformerWeights create(ModelConfig c, org.bytedeco.pytorch.Device device, torch.ScalarType type, long seed) {
        try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
            TransformerWeights w = build(c, device, type, seed);
            dev.leanagent.model.torch.Tensors.detach(w.embedding());
            dev.leanagent.model.torch.Tensors.detach(w.output());
            dev.leanagent.model.torch.Tensors.detach(w.finalNorm());
            for (LayerWeights layer : w.layers()) {
                layer.all().forEach(dev.leanagent.model.torch.Tensors::detach);
            }
            return w;
        }
    }

    private static TransformerWeights build(ModelConfig c, org.bytedeco.pytorch.Device device, torch.ScalarType type, long seed) {
        torch.manual_seed(seed);
        TensorOptions options = new TensorOptions(type).device(new org.bytedeco.pytorch.DeviceOptional(device));
        int h = c.hiddenSize();
        long kvRows = (long) c.kvHeads() * c.headDim();
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            layers.add(new LayerWeights(ones(h, options), matrix(h, h, options), matrix(kvRows, h, options),
                    matrix(kvRows, h, options), matrix(h, h, options), ones(h, options),
                    matrix(c.intermediateSize(), h, options), matrix(c.intermediateSize(), h, options),
                    matrix(h, c.intermediateSize(), options)));
        }
        return new TransformerWeights(matrix(c.vocabSize(), h, options), List.copyOf(layers), ones(h, options),
                matrix(c.vocabSize(), h, options), List.of());
    }

    private static Tensor matrix(long out, long in, TensorOptions options) {
        return torch.randn(new long[] {out, in}, options).mul(new Scalar(1.0 / Math.sqrt(in)));
    }

    private static Tensor ones(long n, TensorOptions options) {
        return torch.ones(new long[] {n}, options);
    }
}
