package dev.leanagent.model.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.torch.ComputeDevice;
import dev.leanagent.model.torch.ComputeType;
import dev.leanagent.model.torch.Tensors;
import dev.leanagent.model.transformer.KvCache;
import dev.leanagent.model.transformer.TokenBatch;
import dev.leanagent.model.transformer.Transformer;
import org.bytedeco.javacpp.PointerScope;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Helpers that take the tiny test checkpoints apart and put variants of them back together. */
final class CheckpointFiles {
    /** A vocabulary small enough that a forward pass costs nothing, large enough to tell logits apart. */
    static final int SMALL_VOCAB = 32;
    /** Token ids below {@link #SMALL_VOCAB}, a handful of positions. */
    static final int[] PROMPT = {1, 7, 30, 2, 19, 5};

    private CheckpointFiles() {
    }

    /** One tensor's shape and values as float32. */
    record Weights(long[] shape, float[] values) {
    }

    /** Every tensor of a safetensors file, in header order, decoded from F32 or BF16 to float32. */
    static Map<String, Weights> read(Path file) {
        Map<String, Weights> out = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (TensorEntry e : f.tensors().values()) {
                MappedByteBuffer b = f.map(e);
                float[] v = new float[Math.toIntExact(e.elements())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = switch (e.type()) {
                        case F32 -> b.getFloat(i * 4);
                        case BF16 -> Float.intBitsToFloat((b.getShort(i * 2) & 0xFFFF) << 16);
                        default -> throw new IllegalArgumentException(e + " is neither F32 nor BF16");
                    };
                }
                out.put(e.name(), new Weights(e.shape(), v));
            }
        }
        return out;
    }

    static void write(Path file, Map<String, Weights> tensors) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        tensors.forEach((name, t) -> w.put(name, t.shape(), t.values()));
        w.write(file, SafetensorsWriter.Type.F32);
    }

    /** Replaces the checkpoint's single weight file by what {@code edit} makes of its tensors. */
    static void editWeights(Path dir, Consumer<Map<String, Weights>> edit) throws IOException {
        Path file = dir.resolve(Checkpoint.SINGLE);
        Map<String, Weights> tensors = read(file);
        edit.accept(tensors);
        write(file, tensors);
    }

    static final String SHARD_1 = "model-00001-of-00002.safetensors";
    static final String SHARD_2 = "model-00002-of-00002.safetensors";

    /**
     * Copies the single-file checkpoint in {@code from} to {@code to} as two shards plus the
     * index, as {@code save_pretrained} writes a large model: the first half of the tensors in
     * shard 1, the rest in shard 2. Returns the names now in shard 2.
     */
    static List<String> shard(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        Files.copy(from.resolve(Checkpoint.CONFIG), to.resolve(Checkpoint.CONFIG));
        Map<String, Weights> all = read(from.resolve(Checkpoint.SINGLE));
        Map<String, Weights> first = new LinkedHashMap<>();
        Map<String, Weights> second = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        ObjectNode index = json.createObjectNode();
        long total = 0;
        ObjectNode weightMap = json.createObjectNode();
        int i = 0;
        for (Map.Entry<String, Weights> e : all.entrySet()) {
            boolean inFirst = i++ < all.size() / 2;
            (inFirst ? first : second).put(e.getKey(), e.getValue());
            weightMap.put(e.getKey(), inFirst ? SHARD_1 : SHARD_2);
            total += 4L * e.getValue().values().length;
        }
        index.putObject("metadata").put("total_size", total);
        index.set("weight_map", weightMap);
        write(to.resolve(SHARD_1), first);
        write(to.resolve(SHARD_2), second);
        Files.writeString(to.resolve(Checkpoint.INDEX), json.writerWithDefaultPrettyPrinter().writeValueAsString(index));
        return List.copyOf(second.keySet());
    }

    static void editConfig(Path dir, Consumer<ObjectNode> edit) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path file = dir.resolve(Checkpoint.CONFIG);
        ObjectNode config = (ObjectNode) json.readTree(Files.readString(file));
        edit.accept(config);
        Files.writeString(file, json.writeValueAsString(config));
    }

    /** A safetensors file with a hand-written header (padded with nothing) and raw data bytes. */
    static Path writeRaw(Path file, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            out.write(h);
            out.write(data);
        }
        return file;
    }

    /** Float32 logits [PROMPT.length × vocab] of one forward pass over {@link #PROMPT}, on the CPU. */
    static float[] logits(Path dir) {
        ComputeDevice cpu = ComputeDevice.parse("cpu"); // loads the LibTorch natives first
        try (Checkpoint checkpoint = Checkpoint.open(dir);
             Transformer model = Transformer.load(checkpoint, cpu, ComputeType.FLOAT32);
             PointerScope scope = new PointerScope();
             KvCache cache = model.newCache(1, PROMPT.length)) {
            return Tensors.toFloats(model.logits(model.forward(TokenBatch.leftPadded(List.of(PROMPT), 0), cache)));
        }
    }
}
