package dev.leanagent.agent.cli;

import dev.leanagent.agent.UsageException;
import dev.leanagent.model.generate.GenerationSettings;
import picocli.CommandLine.Option;

/** How many candidates to draw and how. */
public final class GenerationArgs {

    @Option(names = "--num", paramLabel = "N", description = "Candidates per state (default: 8).")
    int num = 8;

    @Option(names = "--beam", description = "Beam search with --num beams instead of sampling (InternLM's evaluation: 32 beams).")
    boolean beam;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature; 0 is greedy (default: 1.0).")
    double temperature = 1.0;

    @Option(names = "--top-p", paramLabel = "P", description = "Nucleus sampling mass (default: 0.95).")
    double topP = 0.95;

    @Option(names = "--top-k", paramLabel = "K", description = "Sample among the K likeliest tokens; 0 = all (default).")
    int topK;

    @Option(names = "--max-tokens", paramLabel = "M", description = "New tokens per candidate at most (default: 64).")
    int maxTokens = 64;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed of the sampling (default: 0).")
    long seed;

    public GenerationSettings settings() {
        try {
            return new GenerationSettings(num, beam, temperature, topP, topK, maxTokens, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
