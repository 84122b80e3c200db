package dev.leanagent.model.transformer;

import dev.leanagent.model.checkpoint.Checkpoint;
import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.TinyCheckpoints;
import dev.leanagent.model.torch.ComputeDevice;
import dev.leanagent.model.torch.ComputeType;
import dev.leanagent.model.torch.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The forward pass agrees with itself: cached decode = full recomputation, batched = one by one. */
class TransformerConsistencyTest {
    private static final float TOLERANCE = 2e-4f;

    @TempDir
    static Path tmp;
    static Checkpoint checkpoint;
    static Transformer model;

    @BeforeAll
    static void load() throws Exception {
        checkpoint = Checkpoint.open(TinyCheckpoints.internlm2(tmp.resolve("internlm2"), SafetensorsWriter.Type.F32));
        model = Transformer.load(checkpoint, ComputeDevice.parse("cpu"), ComputeType.FLOAT32);
    }

    @AfterAll
    static void close() {
        model.close();
        checkpoint.close();
    }

    static int[] sequence(int k, int n) {
        int[] ids = new int[n];
        ids[0] = 1;
        for (int j = 1; j < n; j++) {
            ids[j] = (int) (((long) k * 1000003 + (long) j * 7919 + 17) % 92544);
        }
        return ids;
    }

    /** Logits of every position of one sequence, by one full forward pass. */
    static float[][] fullLogits(int[] ids) {
        try (PointerScope scope = new PointerScope(); KvCache cache = model.newCache(1, ids.length)) {
            Tensor hidden = model.forward(TokenBatch.leftPadded(List.of(ids), 0), cache);
            float[] flat = Tensors.toFloats(model.logits(hidden));
            return rows(flat, ids.length);
        }
    }

    static float[][] rows(float[] flat, int n) {
        int v = flat.length / n;
        float[][] out = new float[n][v];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * v, out[i], 0, v);
        }
        return out;
    }

    @Test
    void cachedDecodeEqualsFullRecomputation() {
        // Within max_position_embeddings (32): past it, dynamic NTK makes the rotary base depend on
        // the whole length, so a full pass and a cached one legitimately differ (as in the reference).
        int[] ids = sequence(3, 30);
        float[][] full = fullLogits(ids);
        int prefix = 10;
        try (KvCache cache = model.newCache(1, ids.length)) {
            float[][] prefill;
            try (PointerScope scope = new PointerScope()) {
                int[] first = java.util.Arrays.copyOf(ids, prefix);
                prefill = rows(Tensors.toFloats(model.logits(model.forward(TokenBatch.leftPadded(List.of(first), 0), cache))), prefix);
            }
            assertClose(full[prefix - 1], prefill[prefix - 1], "prefill last position");
            for (int t = prefix; t < ids.length; t++) {
                try (PointerScope scope = new PointerScope()) {
                    Tensor h = model.forward(TokenBatch.step(new long[] {ids[t]}, new long[] {t}), cache);
                    float[] step = Tensors.toFloats(model.logits(h));
                    assertClose(full[t], step, "decode step " + t);
                }
            }
            assertEquals(ids.length, cache.length());
        }
    }

    @Test
    void batchedWithLeftPaddingEqualsOneByOne() {
        int[] a = sequence(1, 9);
        int[] b = sequence(2, 20);
        float[][] fa = fullLogits(a);
        float[][] fb = fullLogits(b);
        try (PointerScope scope = new PointerScope(); KvCache cache = model.newCache(2, 20)) {
            Tensor hidden = model.forward(TokenBatch.leftPadded(List.of(a, b), 0), cache);
            float[][] both = rows(Tensors.toFloats(model.logits(hidden)), 40);
            for (int t = 0; t < a.length; t++) {
                assertClose(fa[t], both[11 + t], "row a position " + t);
            }
            for (int t = 0; t < b.length; t++) {
                assertClose(fb[t], both[20 + t], "row b position " + t);
            }
        }
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        float worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        if (worst > TOLERANCE) {
            assertArrayEquals(expected, actual, TOLERANCE, what + ": max difference " + worst);
        }
    }
}
