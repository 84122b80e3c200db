package dev.leanagent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.TinyCheckpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `suggest` and `score` on the tiny InternLM2 checkpoint with the real tokenizer. */
class ModelCommandsTest {
    static final String STATE = "n : ℕ\n⊢ n + 0 = n";

    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void checkpoint() throws Exception {
        model = TinyCheckpoints.internlm2(tmp.resolve("tiny"), SafetensorsWriter.Type.BF16);
        TinyCheckpoints.addTokenizer(model, "ModelCommandsTest");
    }

    @Test
    void suggestPrintsRankedJsonLines() throws Exception {
        Path stateFile = Files.writeString(tmp.resolve("state.txt"), STATE);
        Captured c = run("suggest", "--model", model.toString(), "--state-file", stateFile.toString(),
                "--num", "32", "--max-tokens", "24", "--seed", "1", "--device", "cpu");
        assertEquals(0, c.status, c.err);
        List<JsonNode> lines = json(c.out);
        assertFalse(lines.isEmpty(), "32 samples of up to 24 tokens from a random model (1.5% of its tokens stop): some stop: " + c.out);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode l = lines.get(i);
            assertTrue(l.has("tactic") && l.has("logprob") && l.has("tokens"), l.toString());
            if (i > 0) {
                assertTrue(lines.get(i - 1).path("logprob").asDouble() >= l.path("logprob").asDouble());
            }
        }
    }

    @Test
    void scorePrintsTheTacticsGivenInOrder() throws Exception {
        Captured c = run("score", "--model", model.toString(), "--state", STATE, "--tactic", "simp", "--tactic", "refl",
                "--device", "cpu");
        assertEquals(0, c.status, c.err);
        List<JsonNode> lines = json(c.out);
        assertEquals(List.of("simp", "refl"), lines.stream().map(l -> l.path("tactic").asText()).toList());
        assertTrue(lines.get(0).path("logprob").asDouble() < 0);
    }

    @Test
    void aMissingCheckpointIsAUsageErrorThatSaysWhy() {
        Captured c = run("suggest", "--model", tmp.resolve("nothing-here").toString(), "--state", STATE);
        assertEquals(2, c.status);
        assertTrue(c.err.contains("nothing-here") && c.err.contains("not a directory"), c.err);
    }

    @Test
    void pickleWeightsGetTheConversionCommand() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("pickle"));
        Files.copy(model.resolve("config.json"), dir.resolve("config.json"));
        Files.writeString(dir.resolve("pytorch_model.bin"), "not really");
        Captured c = run("score", "--model", dir.toString(), "--state", STATE, "--tactic", "simp");
        assertEquals(2, c.status);
        assertTrue(c.err.contains("safe_serialization=True"), c.err);
    }

    @Test
    void badSamplingSettingsAreUsageErrors() {
        Captured c = run("suggest", "--model", model.toString(), "--state", STATE, "--top-p", "1.5");
        assertEquals(2, c.status);
        assertTrue(c.err.contains("top-p"), c.err);
    }

    record Captured(int status, String out, String err) {
    }

    static Captured run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            int status = Main.run(args);
            return new Captured(status, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static List<JsonNode> json(String out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                lines.add(new ObjectMapper().readTree(line));
            }
        }
        return lines;
    }
}
