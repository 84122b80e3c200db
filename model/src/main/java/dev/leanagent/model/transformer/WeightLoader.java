package dev.leanagent.model.transformer;

import dev.leanagent.model.checkpoint.Architecture;
import dev.leanagent.model.checkpoint.Checkpoint;
import dev.leanagent.model.checkpoint.CheckpointException;
import dev.leanagent.model.checkpoint.ModelConfig;
import dev.leanagent.model.checkpoint.TensorEntry;
import dev.leanagent.model.torch.ComputeDevice;
import dev.leanagent.model.torch.ComputeType;
import dev.leanagent.model.torch.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a checkpoint's tensors by their family's names onto the compute device. */
public final class WeightLoader {
    private final Checkpoint checkpoint;
    private final ModelConfig config;
    private final Device device;
    private final ComputeType type;
    private final List<ByteBuffer> mapped = new ArrayList<>();

    private WeightLoader(Checkpoint checkpoint, ComputeDevice device, ComputeType type) {
        this.checkpoint = checkpoint;
        this.config = checkpoint.config();
        this.device = device.device();
        this.type = type;
    }

    /**
     * Every intermediate made while loading (mapped views, type conversions, InternLM2's fused
     * {@code wqkv} before its split, options) is freed when this returns; only the weights
     * survive, owned by the caller, who closes them.
     */
    public static TransformerWeights load(Checkpoint checkpoint, ComputeDevice device, ComputeType type) {
        try (PointerScope scope = new PointerScope()) {
            TransformerWeights w = new WeightLoader(checkpoint, device, type).load();
            Tensors.detach(w.embedding());
            if (w.output() != w.embedding()) {
                Tensors.detach(w.output());
            }
            Tensors.detach(w.finalNorm());
            for (LayerWeights layer : w.layers()) {
                for (Tensor t : layer.all()) {
                    Tensors.detach(t);
                }
            }
            return w;
        }
    }

    private TransformerWeights load() {
        boolean intern = config.architecture() == Architecture.INTERNLM2;
        int h = config.hiddenSize();
        int v = config.vocabSize();
        Tensor embedding = tensor(intern ? "model.tok_embeddings.weight" : "model.embed_tokens.weight", v, h);
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            layers.add(intern ? internLayer(l) : llamaLayer(l));
        }
        Tensor norm = tensor("model.norm.weight", h);
        String outputName = intern ? "output.weight" : "lm_head.weight";
        Tensor output = config.tieWordEmbeddings() && checkpoint.find(outputName).isEmpty()
                ? embedding
                : tensor(outputName, v, h);
        return new TransformerWeights(embedding, List.copyOf(layers), norm, output, List.copyOf(mapped));
    }

    private LayerWeights internLayer(int l) {
        String p = "model.layers." + l + ".";
        int h = config.hiddenSize();
        int d = config.headDim();
        int kv = config.kvHeads();
        int g = config.groups();
        // wqkv rows are grouped by key-value head: for each of the kv groups, its g query heads,
        // then its key head, then its value head (modeling_internlm2.py, "b q (h gs d)").
        Tensor wqkv = tensor(p + "attention.wqkv.weight", (long) kv * (g + 2) * d, h).view(kv, g + 2, d, h);
        Tensor wq = wqkv.narrow(1, 0, g).reshape((long) kv * g * d, h).contiguous();
        Tensor wk = wqkv.narrow(1, g, 1).reshape((long) kv * d, h).contiguous();
        Tensor wv = wqkv.narrow(1, g + 1, 1).reshape((long) kv * d, h).contiguous();
        return new LayerWeights(
                tensor(p + "attention_norm.weight", h),
                wq, wk, wv,
                tensor(p + "attention.wo.weight", h, h),
                tensor(p + "ffn_norm.weight", h),
                tensor(p + "feed_forward.w1.weight", config.intermediateSize(), h),
                tensor(p + "feed_forward.w3.weight", config.intermediateSize(), h),
                tensor(p + "feed_forward.w2.weight", h, config.intermediateSize()));
    }

    private LayerWeights llamaLayer(int l) {
        String p = "model.layers." + l + ".";
        int h = config.hiddenSize();
        long kvRows = (long) config.kvHeads() * config.headDim();
        return new LayerWeights(
                tensor(p + "input_layernorm.weight", h),
                tensor(p + "self_attn.q_proj.weight", h, h),
                tensor(p + "self_attn.k_proj.weight", kvRows, h),
                tensor(p + "self_attn.v_proj.weight", kvRows, h),
                tensor(p + "self_attn.o_proj.weight", h, h),
                tensor(p + "post_attention_layernorm.weight", h),
                tensor(p + "mlp.gate_proj.weight", config.intermediateSize(), h),
                tensor(p + "mlp.up_proj.weight", config.intermediateSize(), h),
                tensor(p + "mlp.down_proj.weight", h, config.intermediateSize()));
    }

    private Tensor tensor(String name, long... expectedShape) {
        TensorEntry entry = checkpoint.entry(name);
        if (!Arrays.equals(entry.shape(), expectedShape)) {
            throw new CheckpointException(checkpoint.dir() + ": tensor " + name + " has shape "
                    + Arrays.toString(entry.shape()) + ", config.json implies " + Arrays.toString(expectedShape));
        }
        if (!entry.type().isFloating()) {
            throw new CheckpointException(checkpoint.dir() + ": tensor " + name + " is " + entry.type()
                    + "; quantized checkpoints are not supported");
        }
        ByteBuffer buffer = checkpoint.map(entry);
        mapped.add(buffer);
        // to() returns the mapped view itself when type and device already match (no copy);
        // otherwise the copy lands in LibTorch's memory, never the Java heap.
        return Tensors.view(buffer, entry.type(), entry.shape()).to(device, type.scalarType());
    }
}
