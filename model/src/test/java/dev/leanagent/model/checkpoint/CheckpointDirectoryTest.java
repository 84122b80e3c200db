package dev.leanagent.model.checkpoint;

import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.TinyCheckpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link Checkpoint#open} says about directories that are not a usable checkpoint. */
class CheckpointDirectoryTest {
    @TempDir
    Path tmp;

    private Path tiny() throws IOException {
        return TinyCheckpoints.internlm2(tmp.resolve("m"), SafetensorsWriter.Type.F32, 6);
    }

    private static String refusal(Path dir) {
        String m = assertThrows(CheckpointException.class, () -> Checkpoint.open(dir).close()).getMessage();
        assertTrue(m.contains(dir.toString()), "message should name " + dir + ": " + m);
        return m;
    }

    @Test
    void opensTheTinyCheckpoint() throws IOException {
        try (Checkpoint c = Checkpoint.open(tiny())) {
            assertEquals(Architecture.INTERNLM2, c.config().architecture());
            // embeddings, 7 per layer, final norm, output
            assertEquals(1 + 7 * TinyCheckpoints.LAYERS + 2, c.tensorCount());
            assertTrue(c.find("output.weight").isPresent());
            assertTrue(c.find("lm_head.weight").isEmpty());
        }
    }

    @Test
    void aFileIsNotACheckpoint() throws IOException {
        // People pass the .safetensors file itself instead of its directory.
        Path file = tiny().resolve(Checkpoint.SINGLE);
        assertTrue(refusal(file).contains("is not a directory"));
    }

    @Test
    void aMissingPathIsNotACheckpoint() {
        assertTrue(refusal(tmp.resolve("nowhere")).contains("is not a directory"));
    }

    @Test
    void missingConfigIsNamed() throws IOException {
        Path dir = tiny();
        Files.delete(dir.resolve(Checkpoint.CONFIG));
        assertTrue(refusal(dir).contains("has no config.json"));
    }

    @Test
    void noWeightsAtAllIsNamed() throws IOException {
        Path dir = tiny();
        Files.delete(dir.resolve(Checkpoint.SINGLE));
        String m = refusal(dir);
        assertTrue(m.contains("neither " + Checkpoint.SINGLE + " nor " + Checkpoint.INDEX), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch_model.bin", "pytorch_model-00001-of-00002.bin"})
    void pickleWeightsAreRefusedWithTheConversionCommand(String file) throws IOException {
        Path dir = tiny();
        Files.delete(dir.resolve(Checkpoint.SINGLE));
        Files.write(dir.resolve(file), new byte[] {(byte) 0x80, 2}); // a pickle's first bytes
        String m = refusal(dir);
        assertTrue(m.contains("pickle"), m);
        assertTrue(m.contains("safetensors"), m);
        // The command must be one that actually converts: save_pretrained with safe serialization.
        assertTrue(m.contains("from_pretrained('" + dir + "'"), m);
        assertTrue(m.contains("save_pretrained('" + dir + "-safetensors', safe_serialization=True)"), m);
        assertTrue(m.contains("tokenizer.model"), m);
    }

    @Test
    void safetensorsBesidePickleWeightsAreUsed() throws IOException {
        // Many hub repositories carry both; the pickle must not get in the way.
        Path dir = tiny();
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertTrue(c.find("output.weight").isPresent());
        }
    }

    @Test
    void corruptWeightFileNamesTheFile() throws IOException {
        Path dir = tiny();
        Files.write(dir.resolve(Checkpoint.SINGLE), new byte[] {1, 2, 3});
        String m = refusal(dir);
        assertTrue(m.contains(dir.resolve(Checkpoint.SINGLE) + " is not a safetensors file"), m);
    }

    @Test
    void missingTokenizerIsNamed() throws IOException {
        try (Checkpoint c = Checkpoint.open(tiny())) {
            String m = assertThrows(CheckpointException.class, c::tokenizerModel).getMessage();
            assertTrue(m.contains(c.dir() + " has no tokenizer.model"), m);
            assertTrue(m.contains("SentencePiece"), m);
        }
    }

    @Test
    void tokenizerBesideTheWeightsIsFound() throws IOException {
        Path dir = tiny();
        Path tokenizer = Files.write(dir.resolve(Checkpoint.TOKENIZER), new byte[] {0});
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertEquals(tokenizer, c.tokenizerModel());
        }
    }
}
