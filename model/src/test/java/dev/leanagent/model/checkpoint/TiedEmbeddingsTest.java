package dev.leanagent.model.checkpoint;

import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.TinyCheckpoints;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tie_word_embeddings=true}: the output projection is the embedding matrix, and
 * {@code save_pretrained} stores it once, so the checkpoint has no output tensor.
 */
class TiedEmbeddingsTest {
    @TempDir
    Path tmp;

    private Path tiny(String family, String name) throws IOException {
        Path dir = tmp.resolve(name);
        return family.equals("llama")
                ? TinyCheckpoints.llama(dir, SafetensorsWriter.Type.F32, CheckpointFiles.SMALL_VOCAB)
                : TinyCheckpoints.internlm2(dir, SafetensorsWriter.Type.F32, CheckpointFiles.SMALL_VOCAB);
    }

    @ParameterizedTest
    @CsvSource({"llama, model.embed_tokens.weight, lm_head.weight",
            "internlm2, model.tok_embeddings.weight, output.weight"})
    void tiedCheckpointComputesWithTheEmbeddingAsOutput(String family, String embedding, String output) throws IOException {
        Path tied = tiny(family, "tied");
        CheckpointFiles.editConfig(tied, c -> c.put("tie_word_embeddings", true));
        CheckpointFiles.editWeights(tied, w -> w.remove(output));

        // The same model written untied: the output tensor is an explicit copy of the embedding.
        Path copied = tiny(family, "copied");
        CheckpointFiles.editWeights(copied, w -> {
            CheckpointFiles.Weights e = w.get(embedding);
            w.put(output, new CheckpointFiles.Weights(e.shape().clone(), e.values().clone()));
        });

        float[] expected = CheckpointFiles.logits(copied);
        float[] actual = CheckpointFiles.logits(tied);
        assertArrayEquals(expected, actual);

        // The tiny model's own output matrix differs from its embedding, so equal logits above
        // mean the embedding was used, not that the output projection does not matter.
        float[] untied = CheckpointFiles.logits(tiny(family, "untied"));
        double maxDiff = 0;
        for (int i = 0; i < untied.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(untied[i] - actual[i]));
        }
        assertTrue(maxDiff > 0.1, "max logit difference to the untied model: " + maxDiff);
    }
}
