package dev.leanagent.model.transformer;

import dev.leanagent.model.checkpoint.ModelConfig;
import dev.leanagent.model.checkpoint.RopeScaling;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * Rotary position embeddings in the Hugging Face "rotate half" form that both InternLM2 and Llama
 * checkpoints are trained with.
 */
final class RotaryEmbedding {
    private final int dim;
    private final double theta;
    private final RopeScaling scaling;
    private final int maxPositions;

    RotaryEmbedding(ModelConfig config) {
        this.dim = config.headDim();
        this.theta = config.ropeTheta();
        this.scaling = config.ropeScaling();
        this.maxPositions = config.maxPositions();
    }

    /**
     * The rotary base for a sequence of {@code length} tokens. With dynamic NTK scaling the base
     * grows once the sequence outgrows the trained context, as in InternLM2's
     * {@code DynamicNTKScalingRotaryEmbedding}: theta * (f*len/max - (f-1))^(dim/(dim-2)).
     */
    double base(long length) {
        if (scaling.kind() == RopeScaling.Kind.DYNAMIC && length > maxPositions) {
            double f = scaling.factor();
            return theta * Math.pow(f * length / maxPositions - (f - 1), dim / (dim - 2.0));
        }
        return theta;
    }

    /**
     * cos and sin tables for the given positions ([B, T] int64), shaped [B, 1, T, dim] in
     * {@code like}'s type and device, for a sequence that is {@code length} tokens long in total.
     */
    Tensor[] cosSin(Tensor positions, long length, Tensor like) {
        TensorOptions floats = new TensorOptions(torch.ScalarType.Float).device(new org.bytedeco.pytorch.DeviceOptional(positions.device()));
        Tensor exponents = torch.arange(new Scalar(0), new Scalar(dim), new Scalar(2), floats).div(new Scalar((double) dim));
        Tensor invFreq = torch.pow(new Scalar(base(length)), exponents).reciprocal();
        Tensor pos = positions.to(torch.ScalarType.Float);
        if (scaling.kind() == RopeScaling.Kind.LINEAR) {
            pos = pos.div(new Scalar(scaling.factor()));
        }
        Tensor freqs = pos.unsqueeze(-1).mul(invFreq);                 // [B, T, dim/2]
        Tensor emb = torch.cat(new org.bytedeco.pytorch.TensorVector(freqs, freqs), -1).unsqueeze(1);
        return new Tensor[] {emb.cos().to(like.scalar_type()), emb.sin().to(like.scalar_type())};
    }

    /** x * cos + rotate_half(x) * sin, where rotate_half(x) = cat(-x2, x1) over the halves. */
    static Tensor apply(Tensor x, Tensor cos, Tensor sin) {
        long half = x.size(-1) / 2;
        Tensor x1 = x.narrow(-1, 0, half);
        Tensor x2 = x.narrow(-1, half, half);
        Tensor rotated = torch.cat(new org.bytedeco.pytorch.TensorVector(x2.neg(), x1), -1);
        return x.mul(cos).add(rotated.mul(sin));
    }
}
