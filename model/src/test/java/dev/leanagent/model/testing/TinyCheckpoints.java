package dev.leanagent.model.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates the tiny InternLM2 and Llama checkpoints of the golden tests (shapes and config in
 * {@code model/src/test/python/README.md}), with the real tokenizer's vocabulary size.
 */
public final class TinyCheckpoints {
    public static final int VOCAB = 92544;
    public static final int HIDDEN = 64;
    public static final int INTERMEDIATE = 176;
    public static final int LAYERS = 2;
    public static final int HEADS = 4;
    public static final int KV_HEADS = 2;
    public static final int HEAD_DIM = HIDDEN / HEADS;

    private TinyCheckpoints() {
    }

    public static Path internlm2(Path dir, SafetensorsWriter.Type type) throws IOException {
        return internlm2(dir, type, VOCAB);
    }

    public static Path internlm2(Path dir, SafetensorsWriter.Type type, int vocab) throws IOException {
        Files.createDirectories(dir);
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.putArray("architectures").add("InternLM2ForCausalLM");
        c.put("model_type", "internlm2");
        common(c, vocab);
        c.put("max_position_embeddings", 32);
        c.put("rms_norm_eps", 1e-5);
        c.put("rope_theta", 1000000);
        c.putObject("rope_scaling").put("type", "dynamic").put("factor", 2.0);
        c.put("bias", false);
        writeConfig(dir, c);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("model.tok_embeddings.weight", new long[] {vocab, HIDDEN});
        for (int l = 0; l < LAYERS; l++) {
            String p = "model.layers." + l + ".";
            shapes.put(p + "attention.wqkv.weight", new long[] {(HEADS + 2L * KV_HEADS) * HEAD_DIM, HIDDEN});
            shapes.put(p + "attention.wo.weight", new long[] {HIDDEN, HIDDEN});
            shapes.put(p + "feed_forward.w1.weight", new long[] {INTERMEDIATE, HIDDEN});
            shapes.put(p + "feed_forward.w3.weight", new long[] {INTERMEDIATE, HIDDEN});
            shapes.put(p + "feed_forward.w2.weight", new long[] {HIDDEN, INTERMEDIATE});
            shapes.put(p + "attention_norm.weight", new long[] {HIDDEN});
            shapes.put(p + "ffn_norm.weight", new long[] {HIDDEN});
        }
        shapes.put("model.norm.weight", new long[] {HIDDEN});
        shapes.put("output.weight", new long[] {vocab, HIDDEN});
        writeWeights(dir, shapes, type);
        return dir;
    }

    public static Path llama(Path dir, SafetensorsWriter.Type type) throws IOException {
        return llama(dir, type, VOCAB);
    }

    public static Path llama(Path dir, SafetensorsWriter.Type type, int vocab) throws IOException {
        Files.createDirectories(dir);
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.putArray("architectures").add("LlamaForCausalLM");
        c.put("model_type", "llama");
        common(c, vocab);
        c.put("max_position_embeddings", 2048);
        c.put("rms_norm_eps", 1e-6);
        c.put("rope_theta", 10000.0);
        writeConfig(dir, c);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("model.embed_tokens.weight", new long[] {vocab, HIDDEN});
        long kvRows = (long) KV_HEADS * HEAD_DIM;
        for (int l = 0; l < LAYERS; l++) {
            String p = "model.layers." + l + ".";
            shapes.put(p + "self_attn.q_proj.weight", new long[] {HIDDEN, HIDDEN});
            shapes.put(p + "self_attn.k_proj.weight", new long[] {kvRows, HIDDEN});
            shapes.put(p + "self_attn.v_proj.weight", new long[] {kvRows, HIDDEN});
            shapes.put(p + "self_attn.o_proj.weight", new long[] {HIDDEN, HIDDEN});
            shapes.put(p + "mlp.gate_proj.weight", new long[] {INTERMEDIATE, HIDDEN});
            shapes.put(p + "mlp.up_proj.weight", new long[] {INTERMEDIATE, HIDDEN});
            shapes.put(p + "mlp.down_proj.weight", new long[] {HIDDEN, INTERMEDIATE});
            shapes.put(p + "input_layernorm.weight", new long[] {HIDDEN});
            shapes.put(p + "post_attention_layernorm.weight", new long[] {HIDDEN});
        }
        shapes.put("model.norm.weight", new long[] {HIDDEN});
        shapes.put("lm_head.weight", new long[] {vocab, HIDDEN});
        writeWeights(dir, shapes, type);
        return dir;
    }

    /** Copies the shared InternLM2 tokenizer into the checkpoint directory, as a real download has it. */
    public static void addTokenizer(Path dir, String suite) throws IOException {
        Files.copy(TestTokenizers.modelFileOrSkip(suite), dir.resolve("tokenizer.model"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void common(ObjectNode c, int vocab) {
        c.put("vocab_size", vocab);
        c.put("hidden_size", HIDDEN);
        c.put("intermediate_size", INTERMEDIATE);
        c.put("num_hidden_layers", LAYERS);
        c.put("num_attention_heads", HEADS);
        c.put("num_key_value_heads", KV_HEADS);
        c.put("tie_word_embeddings", false);
        c.put("bos_token_id", 1);
        c.put("eos_token_id", 2);
    }

    private static void writeConfig(Path dir, ObjectNode config) throws IOException {
        Files.writeString(dir.resolve("config.json"),
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(config));
    }

    private static void writeWeights(Path dir, Map<String, long[]> shapes, SafetensorsWriter.Type type) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        shapes.forEach((name, shape) -> w.put(name, shape, TinyWeights.values(name, shape)));
        w.write(dir.resolve("model.safetensors"), type);
    }
}
