package dev.leanagent.model.testing;

/**
 * The deterministic weights of the tiny test checkpoints. The same formula is implemented in
 * {@code model/src/test/python/tiny_reference.py}, which computed the golden logits, so no
 * weights need to be committed.
 */
public final class TinyWeights {
    private TinyWeights() {
    }

    /** FNV-1a, 32 bits, over the name's UTF-8 bytes. */
    public static long seed(String name) {
        long h = 0x811C9DC5L;
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h ^= (b & 0xFF);
            h = (h * 0x01000193L) & 0xFFFFFFFFL;
        }
        return h;
    }

    /** r in [-1, 1) for element i of the named tensor (murmur3's 32-bit finaliser). */
    public static double r(long seed, long i) {
        long x = (seed + (i + 1) * 0x9E3779B1L) & 0xFFFFFFFFL;
        x ^= x >>> 16;
        x = (x * 0x85EBCA6BL) & 0xFFFFFFFFL;
        x ^= x >>> 13;
        x = (x * 0xC2B2AE35L) & 0xFFFFFFFFL;
        x ^= x >>> 16;
        return 2.0 * (x / 4294967296.0) - 1.0;
    }

    public static float[] values(String name, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] out = new float[Math.toIntExact(n)];
        long seed = seed(name);
        boolean norm = name.endsWith("norm.weight");
        boolean embedding = name.equals("model.tok_embeddings.weight") || name.equals("model.embed_tokens.weight");
        double scale = norm || embedding ? 0 : 1.0 / Math.sqrt(shape[shape.length - 1]);
        for (int i = 0; i < out.length; i++) {
            double r = r(seed, i);
            out[i] = (float) (norm ? 1 + 0.1 * r : embedding ? 0.5 * r : r * scale);
        }
        return out;
    }
}
