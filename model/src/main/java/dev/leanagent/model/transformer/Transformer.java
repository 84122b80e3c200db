package dev.leanagent.model.transformer;

import dev.leanagent.model.checkpoint.ModelConfig;
import dev.leanagent.model.torch.ComputeDevice;
import dev.leanagent.model.torch.ComputeType;
import dev.leanagent.model.torch.Tensors;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.LongArrayRefOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * The decoder forward pass shared by InternLM2 and Llama: embeddings, then per layer
 * RMSNorm → grouped-query attention with rotary positions → residual → RMSNorm → SiLU-gated MLP
 * → residual, then a final RMSNorm and the output projection.
 *
 * <p>Not thread-safe: one inference thread per device drives it (see the model service).
 */
public final class Transformer implements AutoCloseable {
    /** Masked attention scores; finite, so a fully masked padding row softmaxes to uniform, not NaN. */
    private static final double MASKED = -1e30;

    private final ModelConfig config;
    private final TransformerWeights weights;
    private final ComputeDevice device;
    private final ComputeType type;
    private final RotaryEmbedding rope;
    private final Device torchDevice;
    private AttentionKernel attentionKernel = AttentionKernel.FUSED;
    private boolean clocked;
    private long forwardNanos;

    public Transformer(ModelConfig config, TransformerWeights weights, ComputeDevice device, ComputeType type) {
        this.config = config;
        this.weights = weights;
        this.device = device;
        this.type = type;
        this.rope = new RotaryEmbedding(config);
        this.torchDevice = device.device();
    }

    /** Loads the checkpoint's weights onto the device, in the compute type. */
    public static Transformer load(dev.leanagent.model.checkpoint.Checkpoint checkpoint, ComputeDevice device, ComputeType type) {
        return new Transformer(checkpoint.config(), WeightLoader.load(checkpoint, device, type), device, type);
    }

    public ModelConfig config() {
        return config;
    }

    public ComputeDevice device() {
        return device;
    }

    public ComputeType type() {
        return type;
    }

    /** Which attention computation forward passes use from now on: tests compare the two. */
    public void useAttention(AttentionKernel kernel) {
        this.attentionKernel = kernel;
    }

    /**
     * Starts (or stops) adding the time of every {@link #forward} and {@link #logits} call to
     * {@link #forwardNanos()}, for the benchmark's share of time spent outside the network. On
     * CUDA the device is synchronised around each call, or the asynchronous kernels' time would
     * be charged to whatever next waits for them.
     */
    public void clockForwardPasses(boolean on) {
        clocked = on;
        forwardNanos = 0;
    }

    public long forwardNanos() {
        return forwardNanos;
    }

    private long clockStart() {
        if (!clocked) {
            return 0;
        }
        synchronizeDevice();
        return System.nanoTime();
    }

    private void clockStop(long start) {
        if (clocked) {
            synchronizeDevice();
            forwardNanos += System.nanoTime() - start;
        }
    }

    private void synchronizeDevice() {
        if (device.isCuda()) {
            torch.cuda_synchronize(device.cudaIndex());
        }
    }

    /** An empty cache for {@code rows} sequences of up to {@code capacity} tokens. */
    public KvCache newCache(long rows, long capacity) {
        // The options die here; the cache takes its buffers out of this scope and frees them itself.
        try (PointerScope scope = new PointerScope()) {
            TensorOptions options = new TensorOptions(type.scalarType()).device(new DeviceOptional(torchDevice));
            return new KvCache(config.layers(), rows, config.kvHeads(), capacity, config.headDim(), options);
        }
    }

    /**
     * Runs the batch's tokens after what the cache holds, appends their keys and values to it,
     * and returns the final hidden states [B, T, hidden] (after the last norm).
     */
    public Tensor forward(TokenBatch batch, KvCache cache) {
        long start = clockStart();
        Tensor out = run(batch, cache);
        clockStop(start);
        return out;
    }

    private Tensor run(TokenBatch batch, KvCache cache) {
        cache.ensureRoom(batch.tokens());
        long b = batch.rows();
        long t = batch.tokens();
        Tensor ids = Tensors.longs(batch.ids(), b, t).to(torchDevice, torch.ScalarType.Long);
        Tensor positions = Tensors.longs(batch.positions(), b, t).to(torchDevice, torch.ScalarType.Long);
        Tensor stepValid = bools(batch.valid(), b, t);

        Tensor keyValid = cache.markValid(stepValid);                          // [B, S]
        long s = cache.length() + t;
        Tensor mask = attentionMask(keyValid, cache.length(), t);               // [B, 1, 1, T, S]
        if (attentionKernel == AttentionKernel.FUSED) {
            // Repeated for the g query heads stacked on the query axis, once for every layer.
            mask = mask.expand(b, 1, config.groups(), t, s).reshape(b, 1, (long) config.groups() * t, s);
        }
        Tensor[] cosSin = rope.cosSin(positions, batch.rowLengths(), weights.embedding());

        Tensor x = torch.embedding(weights.embedding(), ids);                  // [B, T, H]
        // Each layer's intermediates (projections, scores, the MLP's [B, T, intermediate]) are
        // freed when the layer ends, not when the caller's scope does: a 32-layer prefill would
        // otherwise hold every layer's activations at once. Only the residual stream passes on.
        Tensor owned = null;
        for (int l = 0; l < config.layers(); l++) {
            LayerWeights w = weights.layers().get(l);
            try (PointerScope layer = new PointerScope()) {
                Tensor h = rmsNorm(x, w.attentionNorm());
                Tensor mid = x.add(attention(h, w, l, cache, mask, cosSin, b, t, s));
                x = Tensors.detach(mid.add(mlp(rmsNorm(mid, w.ffnNorm()), w)));
            }
            if (owned != null) {
                owned.close();
            }
            owned = x;
        }
        cache.advance(t);
        Tensor out = rmsNorm(x, weights.finalNorm());
        if (owned != null) {
            owned.close();
        }
        return out;
    }

    /** Logits in float32 for hidden states [..., hidden]. */
    public Tensor logits(Tensor hidden) {
        long start = clockStart();
        Tensor out = torch.linear(hidden, weights.output()).to(torch.ScalarType.Float);
        clockStop(start);
        return out;
    }

    private Tensor attention(Tensor h, LayerWeights w, int layer, KvCache cache, Tensor mask,
                             Tensor[] cosSin, long b, long t, long s) {
        int d = config.headDim();
        int kv = config.kvHeads();
        Tensor q = torch.linear(h, w.wq()).view(b, t, config.heads(), d).transpose(1, 2);   // [B, Hq, T, D]
        Tensor k = torch.linear(h, w.wk()).view(b, t, kv, d).transpose(1, 2);               // [B, KV, T, D]
        Tensor v = torch.linear(h, w.wv()).view(b, t, kv, d).transpose(1, 2);
        q = RotaryEmbedding.apply(q, cosSin[0], cosSin[1]);
        k = RotaryEmbedding.apply(k, cosSin[0], cosSin[1]);
        Tensor[] kvAll = cache.append(layer, k, v);                                         // [B, KV, S, D]
        Tensor out = attentionKernel == AttentionKernel.FUSED
                ? fusedAttention(q, kvAll, mask, b, t)
                : materialisedAttention(q, kvAll, mask, b, t);
        out = out.reshape(b, config.heads(), t, d).transpose(1, 2).reshape(b, t, config.hiddenSize());
        return torch.linear(out, w.wo());
    }

    /**
     * LibTorch's scaled_dot_product_attention, which picks a fused kernel for the device and never
     * builds the scores in float32. Grouped-query attention without copying keys per query head:
     * the g query heads of a key-value head are stacked along the query axis ([B, KV, g*T, D]),
     * which every kernel accepts, with the mask repeated for them ([B, 1, g*T, S], made in forward).
     */
    private Tensor fusedAttention(Tensor q, Tensor[] kvAll, Tensor mask, long b, long t) {
        int d = config.headDim();
        Tensor qg = q.reshape(b, config.kvHeads(), (long) config.groups() * t, d);
        return torch.scaled_dot_product_attention(qg, kvAll[0], kvAll[1], new TensorOptional(mask), 0.0, false,
                new DoubleOptional(1.0 / Math.sqrt(d)), false);                             // [B, KV, g*T, D]
    }

    /** Scores materialised in float32, softmax, then the values: the reference computation. */
    private Tensor materialisedAttention(Tensor q, Tensor[] kvAll, Tensor mask, long b, long t) {
        int d = config.headDim();
        int kv = config.kvHeads();
        int g = config.groups();
        // Grouped-query attention without copying keys per query head: query head j belongs to
        // key-value head j / g, so [B, Hq, T, D] is viewed as [B, KV, g, T, D] and the keys
        // broadcast over the group dimension.
        Tensor qg = q.reshape(b, kv, g, t, d);
        Tensor keysT = kvAll[0].unsqueeze(2).transpose(-1, -2);                             // [B, KV, 1, D, S]
        Tensor scores = torch.matmul(qg, keysT).to(torch.ScalarType.Float)
                .mul(new Scalar(1.0 / Math.sqrt(d)));                                       // [B, KV, g, T, S]
        scores = scores.masked_fill(mask.logical_not(), new Scalar(MASKED));
        Tensor probs = scores.softmax(-1).to(type.scalarType());
        return torch.matmul(probs, kvAll[1].unsqueeze(2));                                  // [B, KV, g, T, D]
    }

    private Tensor mlp(Tensor h, LayerWeights w) {
        return torch.linear(torch.silu(torch.linear(h, w.gate())).mul(torch.linear(h, w.up())), w.down());
    }

    /** RMSNorm computed in float32, scaled by the weight in the compute type, as the reference does. */
    private Tensor rmsNorm(Tensor x, Tensor weight) {
        Tensor f = x.to(torch.ScalarType.Float);
        Tensor variance = f.pow(new Scalar(2)).mean(new long[] {-1}, true, new ScalarTypeOptional());
        Tensor normed = f.mul(variance.add(new Scalar(config.rmsNormEps())).rsqrt());
        return weight.mul(normed.to(type.scalarType()));
    }

    /**
     * Key j is visible to the step's query i when it is a real token and j <= past + i. A query
     * always sees its own key, real or not: a padding query would otherwise see no key at all,
     * and a fully masked row softmaxes to NaN in the fused kernels; padding outputs are never
     * read, and padding keys stay hidden from every other query.
     */
    private Tensor attentionMask(Tensor keyValid, long past, long t) {
        long s = past + t;
        TensorOptions longs = new TensorOptions(torch.ScalarType.Long).device(new DeviceOptional(torchDevice));
        Tensor queryPos = torch.arange(new Scalar(past), new Scalar(s), longs).view(t, 1);
        Tensor keyPos = torch.arange(new Scalar(0), new Scalar(s), longs).view(1, s);
        Tensor causal = keyPos.le(queryPos);                                                 // [T, S]
        Tensor self = keyPos.eq(queryPos);
        return causal.unsqueeze(0).logical_and(keyValid.unsqueeze(1)).logical_or(self.unsqueeze(0)) // [B, T, S]
                .unsqueeze(1).unsqueeze(1);                                                   // [B, 1, 1, T, S]
    }

    private Tensor bools(boolean[] values, long b, long t) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) (values[i] ? 1 : 0);
        }
        // clone(): the blob is Java-owned memory that may be freed before the tensor is.
        return torch.from_blob(new BytePointer(bytes), new long[] {b, t}, new TensorOptions(torch.ScalarType.Bool))
                .clone().to(torchDevice, torch.ScalarType.Bool);
    }

    @Override
    public void close() {
        weights.embedding().close();
        for (LayerWeights w : weights.layers()) {
            for (Tensor t : w.all()) {
                t.close();
            }
        }
        weights.finalNorm().close();
        if (weights.output() != weights.embedding()) {
            weights.output().close();
        }
        torchDevice.close();
    }
}
