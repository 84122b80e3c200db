package dev.leanagent.model.checkpoint;

import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.TinyCheckpoints;
import dev.leanagent.model.torch.ComputeDevice;
import dev.leanagent.model.torch.ComputeType;
import dev.leanagent.model.transformer.Transformer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading refuses weights that do not fit config.json, naming the tensor. */
class WeightValidationTest {
    private static ComputeDevice cpu;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadTorch() {
        cpu = ComputeDevice.parse("cpu"); // loads the LibTorch natives before any tensor is made
    }

    private String loadFailure(Path dir) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> {
            try (Checkpoint c = Checkpoint.open(dir); Transformer t = Transformer.load(c, cpu, ComputeType.FLOAT32)) {
                // loading is the test
            }
        });
        String m = e.getMessage();
        assertTrue(m.contains(dir.toString()), "message should name " + dir + ": " + m);
        return m;
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Path dir = TinyCheckpoints.llama(tmp.resolve("m"), SafetensorsWriter.Type.F32, CheckpointFiles.SMALL_VOCAB);
        CheckpointFiles.editWeights(dir, w -> w.remove("model.layers.1.mlp.down_proj.weight"));
        String m = loadFailure(dir);
        assertTrue(m.contains("tensor model.layers.1.mlp.down_proj.weight is missing"), m);
        assertTrue(m.contains("llama"), m);
    }

    @Test
    void untiedCheckpointWithoutOutputNamesIt() throws IOException {
        // tie_word_embeddings is false here, so the embedding must not silently stand in.
        Path dir = TinyCheckpoints.internlm2(tmp.resolve("m"), SafetensorsWriter.Type.F32, CheckpointFiles.SMALL_VOCAB);
        CheckpointFiles.editWeights(dir, w -> w.remove("output.weight"));
        assertTrue(loadFailure(dir).contains("tensor output.weight is missing"));
    }

    @Test
    void transposedTensorIsRefusedWithBothShapes() throws IOException {
        // Same element count, wrong layout: only the shape check can catch it.
        Path dir = TinyCheckpoints.internlm2(tmp.resolve("m"), SafetensorsWriter.Type.F32, CheckpointFiles.SMALL_VOCAB);
        String name = "model.layers.0.feed_forward.w2.weight";
        CheckpointFiles.editWeights(dir, w -> w.put(name, new CheckpointFiles.Weights(
                new long[] {TinyCheckpoints.INTERMEDIATE, TinyCheckpoints.HIDDEN}, w.get(name).values())));
        String m = loadFailure(dir);
        assertTrue(m.contains("tensor " + name + " has shape [176, 64], config.json implies [64, 176]"), m);
    }

    @Test
    void configDisagreeingWithTheWeightsIsRefused() throws IOException {
        // A config.json from another model size: the first tensor checked already disagrees.
        Path dir = TinyCheckpoints.llama(tmp.resolve("m"), SafetensorsWriter.Type.F32, CheckpointFiles.SMALL_VOCAB);
        CheckpointFiles.editConfig(dir, c -> c.put("vocab_size", 48));
        String m = loadFailure(dir);
        assertTrue(m.contains("tensor model.embed_tokens.weight has shape [32, 64], config.json implies [48, 64]"), m);
    }
}
