package dev.leanagent.model.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.TinyCheckpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** config.json parsing: the fields the forward pass depends on, and the families it refuses. */
class ModelConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WHERE = "/models/x/config.json";

    @TempDir
    Path tmp;

    /** A Llama config like the tiny test model's, to be varied per test. */
    private static ObjectNode llama() {
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add("LlamaForCausalLM");
        c.put("model_type", "llama");
        c.put("vocab_size", 32000);
        c.put("hidden_size", 64);
        c.put("intermediate_size", 176);
        c.put("num_hidden_layers", 2);
        c.put("num_attention_heads", 4);
        c.put("num_key_value_heads", 2);
        return c;
    }

    private static ObjectNode internlm2() {
        ObjectNode c = llama();
        c.putArray("architectures").add("InternLM2ForCausalLM");
        c.put("model_type", "internlm2");
        return c;
    }

    private static ModelConfig parse(ObjectNode c) {
        return ModelConfig.parse(c, WHERE);
    }

    private static String refusal(ObjectNode c) {
        String m = assertThrows(CheckpointException.class, () -> parse(c)).getMessage();
        assertTrue(m.contains(WHERE), "message should name the file: " + m);
        return m;
    }

    @Test
    void readsTheTinyInternLm2Config() throws IOException {
        Path dir = TinyCheckpoints.internlm2(tmp.resolve("m"), SafetensorsWriter.Type.F32, 6);
        ModelConfig c = ModelConfig.read(dir.resolve(Checkpoint.CONFIG));
        assertEquals(Architecture.INTERNLM2, c.architecture());
        assertEquals(6, c.vocabSize());
        assertEquals(TinyCheckpoints.HIDDEN, c.hiddenSize());
        assertEquals(TinyCheckpoints.INTERMEDIATE, c.intermediateSize());
        assertEquals(TinyCheckpoints.LAYERS, c.layers());
        assertEquals(TinyCheckpoints.HEADS, c.heads());
        assertEquals(TinyCheckpoints.KV_HEADS, c.kvHeads());
        assertEquals(TinyCheckpoints.HEAD_DIM, c.headDim());
        assertEquals(2, c.groups());
        assertEquals(32, c.maxPositions());
        assertEquals(1e-5, c.rmsNormEps());
        assertEquals(1e6, c.ropeTheta());
        assertEquals(new RopeScaling(RopeScaling.Kind.DYNAMIC, 2.0), c.ropeScaling());
        assertFalse(c.tieWordEmbeddings());
        assertEquals(1, c.bosId());
        assertEquals(2, c.eosId());
    }

    @Test
    void defaultsOfAnOmittedField() {
        ModelConfig c = parse(llama());
        assertEquals(2048, c.maxPositions());
        assertEquals(1e-6, c.rmsNormEps());
        assertEquals(10000.0, c.ropeTheta());
        assertEquals(RopeScaling.NONE, c.ropeScaling());
        assertFalse(c.tieWordEmbeddings());
    }

    @ParameterizedTest
    @CsvSource({"mistral, MistralForCausalLM", "gpt2, GPT2LMHeadModel", "qwen2, Qwen2ForCausalLM"})
    void unsupportedFamilyIsRefusedListingTheSupportedOnes(String modelType, String className) {
        ObjectNode c = llama();
        c.put("model_type", modelType);
        c.putArray("architectures").add(className);
        String m = refusal(c);
        assertTrue(m.contains(modelType), m);
        for (Architecture a : Architecture.values()) {
            assertTrue(m.contains(a.modelType()) && m.contains(a.className()), "should list " + a + ": " + m);
        }
    }

    @Test
    void missingModelTypeIsReportedAsMissing() {
        ObjectNode c = llama();
        c.remove("model_type");
        c.remove("architectures");
        assertTrue(refusal(c).contains("model_type missing"));
    }

    @Test
    void architectureClassAloneIdentifiesTheFamily() {
        // Old InternLM2 exports carry only "architectures" and auto_map, no model_type.
        ObjectNode c = internlm2();
        c.remove("model_type");
        assertEquals(Architecture.INTERNLM2, parse(c).architecture());
    }

    @ParameterizedTest
    @CsvSource({"type, linear, 4.0, LINEAR", "type, dynamic, 2.5, DYNAMIC", "rope_type, linear, 8.0, LINEAR",
            "rope_type, dynamic, 3.0, DYNAMIC", "type, Dynamic, 2.0, DYNAMIC"})
    void ropeScalingIsParsed(String key, String type, double factor, RopeScaling.Kind kind) {
        ObjectNode c = llama();
        c.putObject("rope_scaling").put(key, type).put("factor", factor);
        assertEquals(new RopeScaling(kind, factor), parse(c).ropeScaling());
    }

    @Test
    void ropeScalingNullOrDefaultMeansNone() {
        ObjectNode c = llama();
        c.putNull("rope_scaling");
        assertEquals(RopeScaling.NONE, parse(c).ropeScaling());
        c.putObject("rope_scaling").put("rope_type", "default");
        assertEquals(RopeScaling.NONE, parse(c).ropeScaling());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yarn", "llama3", "longrope"})
    void unknownRopeScalingIsRefused(String type) {
        ObjectNode c = llama();
        c.putObject("rope_scaling").put("rope_type", type).put("factor", 8.0);
        String m = refusal(c);
        assertTrue(m.contains("rope_scaling type " + type) && m.contains("dynamic and linear"), m);
    }

    @Test
    void keyValueHeadsDefaultToTheAttentionHeads() {
        // Configs from before grouped-query attention have no num_key_value_heads: one kv head per head.
        ObjectNode c = llama();
        c.remove("num_key_value_heads");
        ModelConfig config = parse(c);
        assertEquals(4, config.kvHeads());
        assertEquals(1, config.groups());
        c.putNull("num_key_value_heads");
        assertEquals(4, parse(c).kvHeads());
    }

    @Test
    void zeroKeyValueHeadsIsRefusedWithAMessage() {
        ObjectNode c = llama();
        c.put("num_key_value_heads", 0);
        assertTrue(refusal(c).contains("num_key_value_heads"));
    }

    @Test
    void headsNotDividingIsRefused() {
        ObjectNode c = llama();
        c.put("num_key_value_heads", 3);
        String m = refusal(c);
        assertTrue(m.contains("num_attention_heads 4") && m.contains("num_key_value_heads 3"), m);
    }

    @Test
    void eosTokenListTakesTheFirst() {
        ObjectNode c = llama();
        c.putArray("eos_token_id").add(92542).add(2);
        assertEquals(92542, parse(c).eosId());
        c.put("eos_token_id", 7);
        assertEquals(7, parse(c).eosId());
        c.remove("eos_token_id");
        assertEquals(2, parse(c).eosId());
    }

    @Test
    void internLm2WithBiasIsRefused() {
        ObjectNode c = internlm2();
        c.put("bias", true);
        assertTrue(refusal(c).contains("bias=true"));
        c.put("bias", false);
        assertEquals(Architecture.INTERNLM2, parse(c).architecture());
    }

    @Test
    void llamaWithAttentionBiasIsRefused() {
        ObjectNode c = llama();
        c.put("attention_bias", true);
        assertTrue(refusal(c).contains("biases"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads"})
    void missingRequiredFieldIsNamed(String field) {
        ObjectNode c = llama();
        c.remove(field);
        assertTrue(refusal(c).contains("lacks a positive " + field));
    }

    @Test
    void unreadableConfigNamesTheFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("config.json"), "{\"model_type\": \"llama\",");
        String m = assertThrows(CheckpointException.class, () -> ModelConfig.read(file)).getMessage();
        assertTrue(m.contains("cannot read " + file), m);
    }
}
