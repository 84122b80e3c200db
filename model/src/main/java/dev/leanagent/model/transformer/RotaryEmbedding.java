package dev.leanagent.model.transformer;

import dev.leanagent.model.checkpoint.ModelConfig;
import dev.leanagent.model.checkpoint.RopeScaling;
import dev.leanagent.model.torch.Tensors;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
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
     * {@code like}'s type, where row b's sequence is {@code lengths[b]} tokens long in total.
     *
     * <p>The dynamic NTK base is chosen per row, from the row's own length: the public code takes
     * one length for the whole batch, padding included, which would make a state's candidates
     * depend on what it was batched with.
     */
    Tensor[] cosSin(Tensor positions, long[] lengths, Tensor like) {
        TensorOptions floats = new TensorOptions(torch.ScalarType.Float).device(new DeviceOptional(positions.device()));
        Tensor exponents = torch.arange(new Scalar(0), new Scalar(dim), new Scalar(2), floats).div(new Scalar((double) dim));
        Tensor invFreq;                                                   // [B or 1, 1, dim/2]
        double first = base(lengths.length == 0 ? 0 : lengths[0]);
        if (java.util.Arrays.stream(lengths).allMatch(l -> base(l) == first)) {
            invFreq = torch.pow(new Scalar(first), exponents).reciprocal().view(1, 1, -1);
        } else {
            double[] bases = java.util.Arrays.stream(lengths).mapToDouble(this::base).toArray();
            Tensor b = Tensors.doubles(bases, bases.length, 1).to(positions.device(), torch.ScalarType.Double);
            invFreq = torch.pow(b, exponents.to(torch.ScalarType.Double)).reciprocal()
                    .to(torch.ScalarType.Float).view(bases.length, 1, -1);
        }
        Tensor pos = positions.to(torch.ScalarType.Float);
        if (scaling.kind() == RopeScaling.Kind.LINEAR) {
            pos = pos.div(new Scalar(scaling.factor()));
        }
        Tensor freqs = pos.unsqueeze(-1).mul(invFreq);                 // [B, T, dim/2]
        Tensor emb = torch.cat(new TensorVector(freqs, freqs), -1).unsqueeze(1);
        return new Tensor[] {emb.cos().to(like.scalar_type()), emb.sin().to(like.scalar_type())};
    }

    /** x * cos + rotate_half(x) * sin, where rotate_half(x) = cat(-x2, x1) over the halves. */
    static Tensor apply(Tensor x, Tensor cos, Tensor sin) {
        long half = x.size(-1) / 2;
        Tensor x1 = x.narrow(-1, 0, half);
        Tensor x2 = x.narrow(-1, half, half);
        Tensor rotated = torch.cat(new TensorVector(x2.neg(), x1), -1);
        return x.mul(cos).add(rotated.mul(sin));
    }
}
