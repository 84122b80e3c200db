package dev.leanagent.model.torch;

import org.bytedeco.pytorch.global.torch;

import java.util.Locale;

/**
 * The element type of weights and activations during the forward pass. Norms, attention softmax
 * and the final logits are computed in float32 whatever this is.
 */
public enum ComputeType {
    FLOAT32(torch.ScalarType.Float),
    BFLOAT16(torch.ScalarType.BFloat16),
    FLOAT16(torch.ScalarType.Half);

    private final torch.ScalarType scalarType;

    ComputeType(torch.ScalarType scalarType) {
        this.scalarType = scalarType;
    }

    public torch.ScalarType scalarType() {
        return scalarType;
    }

    /**
     * {@code auto}: bfloat16 on CUDA (the checkpoints' own type, half the memory of float32), and
     * float32 on the CPU, where most processors have no fast bfloat16 matrix products.
     */
    public static ComputeType parse(String spec, ComputeDevice device) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "auto" -> device.isCuda() ? BFLOAT16 : FLOAT32;
            case "float32", "fp32", "f32" -> FLOAT32;
            case "bfloat16", "bf16" -> BFLOAT16;
            case "float16", "fp16", "f16", "half" -> FLOAT16;
            default -> throw new IllegalArgumentException("--dtype must be auto, float32, bfloat16 or float16, not " + spec);
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
