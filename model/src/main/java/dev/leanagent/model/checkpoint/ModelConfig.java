package dev.leanagent.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The shape of a decoder-only transformer, read from a Hugging Face {@code config.json}. */
public record ModelConfig(
        Architecture architecture,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int layers,
        int heads,
        int kvHeads,
        int maxPositions,
        double rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        boolean tieWordEmbeddings,
        int bosId,
        int eosId) {

    public ModelConfig {
        if (heads <= 0 || kvHeads <= 0) {
            // Checked first: the divisibility checks below would divide by zero.
            throw new CheckpointException("num_attention_heads " + heads + " and num_key_value_heads " + kvHeads
                    + " must be positive");
        }
        if (hiddenSize % heads != 0) {
            throw new CheckpointException("hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + heads);
        }
        if (heads % kvHeads != 0) {
            throw new CheckpointException("num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kvHeads);
        }
    }

    public int headDim() {
        return hiddenSize / heads;
    }

    /** Query heads per key-value head. */
    public int groups() {
        return heads / kvHeads;
    }

    public static ModelConfig read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(root, file);
    }

    static ModelConfig parse(JsonNode root, Object where) {
        String className = root.path("architectures").path(0).asText("");
        Architecture architecture = Architecture.of(root.path("model_type").asText(""), className, where);
        if (architecture == Architecture.INTERNLM2 && root.path("bias").asBoolean(false)) {
            throw new CheckpointException(where + ": InternLM2 with bias=true is not supported (the math models have none)");
        }
        if (architecture == Architecture.LLAMA && (root.path("attention_bias").asBoolean(false)
                || root.path("mlp_bias").asBoolean(false))) {
            throw new CheckpointException(where + ": Llama checkpoints with attention or MLP biases are not supported");
        }
        int vocab = required(root, "vocab_size", where);
        int hidden = required(root, "hidden_size", where);
        int intermediate = required(root, "intermediate_size", where);
        int layers = required(root, "num_hidden_layers", where);
        int heads = required(root, "num_attention_heads", where);
        int kvHeads = root.path("num_key_value_heads").asInt(heads);
        RopeScaling scaling = scaling(root.path("rope_scaling"), where);
        try {
            return new ModelConfig(
                    architecture, vocab, hidden, intermediate, layers, heads, kvHeads,
                    root.path("max_position_embeddings").asInt(2048),
                    root.path("rms_norm_eps").asDouble(1e-6),
                    root.path("rope_theta").asDouble(10000.0),
                    scaling,
                    root.path("tie_word_embeddings").asBoolean(false),
                    root.path("bos_token_id").asInt(1),
                    firstInt(root.path("eos_token_id"), 2));
        } catch (CheckpointException e) {
            // The record's own checks cannot know the file; name it.
            throw new CheckpointException(where + ": " + e.getMessage(), e);
        }
    }

    private static RopeScaling scaling(JsonNode node, Object where) {
        if (node.isMissingNode() || node.isNull()) {
            return RopeScaling.NONE;
        }
        String type = node.has("type") ? node.path("type").asText() : node.path("rope_type").asText("");
        double factor = node.path("factor").asDouble(1.0);
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "dynamic" -> new RopeScaling(RopeScaling.Kind.DYNAMIC, factor);
            case "linear" -> new RopeScaling(RopeScaling.Kind.LINEAR, factor);
            case "default", "" -> RopeScaling.NONE;
            default -> throw new CheckpointException(where + ": rope_scaling type " + type
                    + " is not supported (dynamic and linear are)");
        };
    }

    private static int firstInt(JsonNode node, int fallback) {
        // Newer configs list several end-of-sequence ids; the first is the model's own.
        return node.isArray() ? node.path(0).asInt(fallback) : node.asInt(fallback);
    }

    private static int required(JsonNode root, String field, Object where) {
        JsonNode node = root.path(field);
        if (!node.canConvertToInt() || node.asInt() <= 0) {
            throw new CheckpointException(where + ": config.json lacks a positive " + field);
        }
        return node.asInt();
    }
}
