package dev.leanagent.model.transformer;

import dev.leanagent.model.checkpoint.Checkpoint;
import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.TinyCheckpoints;
import dev.leanagent.model.torch.ComputeDevice;
import dev.leanagent.model.torch.ComputeType;
import dev.leanagent.model.torch.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scaled_dot_product_attention with the causal and padding mask gives the logits of the
 * materialised float32 scores: for a left-padded batched prefill and for cached decode steps,
 * past the trained context too (dynamic NTK), on both tiny families.
 */
class AttentionKernelTest {
    /** float32: both are exact computations of the same sums, in another order. */
    private static final double FLOAT32_TOLERANCE = 1e-4;
    /**
     * bfloat16 keeps 8 significant bits (relative 2^-9 per rounding); the materialised path
     * rounds its scores to bfloat16 before the float32 softmax, the fused one does not, so the
     * logits (|logit| < 3 here) differ by a few units of the last bfloat16 place.
     */
    private static final double BFLOAT16_TOLERANCE = 0.06;

    @TempDir
    Path tmp;

    @Test
    void internlm2Float32() throws Exception {
        compare(TinyCheckpoints.internlm2(tmp.resolve("i"), SafetensorsWriter.Type.F32), ComputeType.FLOAT32, FLOAT32_TOLERANCE);
    }

    @Test
    void llamaFloat32() throws Exception {
        compare(TinyCheckpoints.llama(tmp.resolve("l"), SafetensorsWriter.Type.F32), ComputeType.FLOAT32, FLOAT32_TOLERANCE);
    }

    @Test
    void internlm2Bfloat16() throws Exception {
        compare(TinyCheckpoints.internlm2(tmp.resolve("b"), SafetensorsWriter.Type.F32), ComputeType.BFLOAT16, BFLOAT16_TOLERANCE);
    }

    private static void compare(Path dir, ComputeType type, double tolerance) {
        try (Checkpoint checkpoint = Checkpoint.open(dir);
             Transformer model = Transformer.load(checkpoint, ComputeDevice.parse("cpu"), type)) {
            model.useAttention(AttentionKernel.MATERIALISED);
            List<float[]> reference = run(model);
            model.useAttention(AttentionKernel.FUSED);
            List<float[]> fused = run(model);
            assertEquals(reference.size(), fused.size());
            double worst = 0;
            for (int i = 0; i < reference.size(); i++) {
                float[] a = reference.get(i);
                float[] b = fused.get(i);
                for (int j = 0; j < a.length; j++) {
                    assertFalse(Float.isNaN(b[j]), "step " + i + " logit " + j + " is NaN");
                    worst = Math.max(worst, Math.abs(a[j] - b[j]));
                }
            }
            System.out.printf("[lean-agent tests] %s %s: fused vs materialised attention, max logit difference %.2e%n",
                    model.config().architecture(), type, worst);
            assertTrue(worst <= tolerance, "max logit difference " + worst + " > " + tolerance);
        }
    }

    /** Logits of a left-padded prefill of three prompts (every position), then 20 cached decode steps (past the trained 32 positions). */
    private static List<float[]> run(Transformer model) {
        List<int[]> prompts = List.of(seq(1, 5), seq(2, 17), seq(3, 11));
        List<float[]> out = new ArrayList<>();
        int steps = 20;
        try (InferenceMode guard = new InferenceMode(); KvCache cache = model.newCache(prompts.size(), 17 + steps)) {
            try (PointerScope scope = new PointerScope()) {
                Tensor hidden = model.forward(TokenBatch.leftPadded(prompts, 0), cache);
                out.add(realPositions(Tensors.toFloats(model.logits(hidden)), prompts));
            }
            for (int step = 0; step < steps; step++) {
                long[] ids = new long[prompts.size()];
                long[] positions = new long[prompts.size()];
                for (int r = 0; r < ids.length; r++) {
                    ids[r] = (step * 131L + r * 17L + 5) % 92544;
                    positions[r] = prompts.get(r).length + step;
                }
                try (PointerScope scope = new PointerScope()) {
                    out.add(Tensors.toFloats(model.logits(model.forward(TokenBatch.step(ids, positions), cache))));
                }
            }
        }
        return out;
    }

    /** Padding positions' outputs are never read, and the two kernels may differ there. */
    private static float[] realPositions(float[] flat, List<int[]> prompts) {
        int t = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
        int v = flat.length / (prompts.size() * t);
        int real = prompts.stream().mapToInt(p -> p.length).sum();
        float[] out = new float[real * v];
        int at = 0;
        for (int r = 0; r < prompts.size(); r++) {
            int from = (r * t + t - prompts.get(r).length) * v;
            System.arraycopy(flat, from, out, at, prompts.get(r).length * v);
            at += prompts.get(r).length * v;
        }
        return out;
    }

    private static int[] seq(int k, int n) {
        int[] ids = new int[n];
        ids[0] = 1;
        for (int j = 1; j < n; j++) {
            ids[j] = (int) (((long) k * 1000003 + (long) j * 7919 + 17) % 92544);
        }
        return ids;
    }
}
