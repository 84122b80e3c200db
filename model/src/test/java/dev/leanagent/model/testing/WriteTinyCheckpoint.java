package dev.leanagent.model.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the tests' tiny InternLM2 checkpoint (random bfloat16 weights, the real tokenizer) to a
 * directory, for benchmarks that exercise the model's plumbing without a real model
 * ({@code agent/scripts/tiny-checkpoint.sh}).
 */
public final class WriteTinyCheckpoint {

    private WriteTinyCheckpoint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: WriteTinyCheckpoint DIR (the tokenizer from -Dleanagent.tokenizer.model or ../shared/tokenizers)");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        TinyCheckpoints.internlm2(dir, SafetensorsWriter.Type.BF16);
        TinyCheckpoints.addTokenizer(dir, "tiny-checkpoint");
        System.out.println(dir.toAbsolutePath());
    }
}
