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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints split over several safetensors files and a {@code model.safetensors.index.json}. */
class ShardedCheckpointTest {
    @TempDir
    Path tmp;

    private Path tiny(String family) throws IOException {
        Path dir = tmp.resolve("single");
        return family.equals("llama")
                ? TinyCheckpoints.llama(dir, SafetensorsWriter.Type.F32, CheckpointFiles.SMALL_VOCAB)
                : TinyCheckpoints.internlm2(dir, SafetensorsWriter.Type.F32, CheckpointFiles.SMALL_VOCAB);
    }

    @ParameterizedTest
    @ValueSource(strings = {"internlm2", "llama"})
    void shardedCheckpointHoldsTheSameTensorsAsTheSingleFile(String family) throws IOException {
        Path single = tiny(family);
        Path sharded = tmp.resolve("sharded");
        List<String> inSecond = CheckpointFiles.shard(single, sharded);
        assertFalse(Files.exists(sharded.resolve(Checkpoint.SINGLE)));
        Map<String, CheckpointFiles.Weights> names = CheckpointFiles.read(single.resolve(Checkpoint.SINGLE));
        try (Checkpoint a = Checkpoint.open(single); Checkpoint b = Checkpoint.open(sharded)) {
            assertEquals(names.size(), b.tensorCount());
            for (String name : names.keySet()) {
                TensorEntry ea = a.entry(name);
                TensorEntry eb = b.entry(name);
                assertArrayEquals(ea.shape(), eb.shape(), name);
                assertEquals(ea.type(), eb.type(), name);
                // Offsets are relative to each shard's own data area, so a shard-2 tensor maps
                // correctly only if the checkpoint asks the file that holds it.
                assertEquals(a.map(ea), b.map(eb), name + " bytes");
            }
            assertTrue(inSecond.contains("model.norm.weight"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"internlm2", "llama"})
    void shardedCheckpointGivesTheSingleFilesLogits(String family) throws IOException {
        Path single = tiny(family);
        Path sharded = tmp.resolve("sharded");
        CheckpointFiles.shard(single, sharded);
        float[] expected = CheckpointFiles.logits(single);
        float[] actual = CheckpointFiles.logits(sharded);
        assertEquals(CheckpointFiles.PROMPT.length * CheckpointFiles.SMALL_VOCAB, actual.length);
        // Same bytes, same CPU kernels: the logits agree to the last bit.
        assertArrayEquals(expected, actual);
    }

    @Test
    void indexNamingAMissingShardNamesIt() throws IOException {
        Path sharded = tmp.resolve("sharded");
        CheckpointFiles.shard(tiny("internlm2"), sharded);
        Files.delete(sharded.resolve(CheckpointFiles.SHARD_2));
        String m = assertThrows(CheckpointException.class, () -> Checkpoint.open(sharded)).getMessage();
        assertTrue(m.contains(sharded.resolve(Checkpoint.INDEX).toString()), m);
        assertTrue(m.contains("shard " + CheckpointFiles.SHARD_2 + ", which is missing"), m);
    }

    @Test
    void indexWithoutWeightMapIsRefused() throws IOException {
        Path sharded = tmp.resolve("sharded");
        CheckpointFiles.shard(tiny("internlm2"), sharded);
        Files.writeString(sharded.resolve(Checkpoint.INDEX), "{\"metadata\": {\"total_size\": 1}}");
        String m = assertThrows(CheckpointException.class, () -> Checkpoint.open(sharded)).getMessage();
        assertTrue(m.contains(Checkpoint.INDEX) && m.contains("no weight_map"), m);
    }

    @Test
    void unreadableIndexIsNamed() throws IOException {
        Path sharded = tmp.resolve("sharded");
        CheckpointFiles.shard(tiny("internlm2"), sharded);
        Files.writeString(sharded.resolve(Checkpoint.INDEX), "{\"weight_map\": {");
        String m = assertThrows(CheckpointException.class, () -> Checkpoint.open(sharded)).getMessage();
        assertTrue(m.contains("cannot read " + sharded.resolve(Checkpoint.INDEX)), m);
    }

    @Test
    void tensorInTwoShardsIsRefused() throws IOException {
        // Which copy would win is arbitrary; a checkpoint like that is damaged.
        Path sharded = tmp.resolve("sharded");
        CheckpointFiles.shard(tiny("internlm2"), sharded);
        Map<String, CheckpointFiles.Weights> second = CheckpointFiles.read(sharded.resolve(CheckpointFiles.SHARD_2));
        second.put("model.tok_embeddings.weight",
                CheckpointFiles.read(sharded.resolve(CheckpointFiles.SHARD_1)).get("model.tok_embeddings.weight"));
        CheckpointFiles.write(sharded.resolve(CheckpointFiles.SHARD_2), second);
        String m = assertThrows(CheckpointException.class, () -> Checkpoint.open(sharded)).getMessage();
        assertTrue(m.contains("tensor model.tok_embeddings.weight is in both"), m);
        assertTrue(m.contains(CheckpointFiles.SHARD_1) && m.contains(CheckpointFiles.SHARD_2), m);
    }
}
