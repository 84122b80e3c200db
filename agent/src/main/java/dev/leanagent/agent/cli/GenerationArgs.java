package dev.leanagent.agent.cli;

import dev.leanagent.agent.UsageException;
import dev.leanagent.model.generate.GenerationSettings;
import picocli.CommandLine.Option;

/** How many candidates to draw and how. */
public final class GenerationArgs {
    private static final GenerationSettings DEFAULTS = GenerationSettings.defaults();

    @Option(names = "--num", paramLabel = "N", description = "Candidates per state (default: ${DEFAULT-VALUE}).")
    int num = DEFAULTS.candidates();

    @Option(names = "--beam", description = "Beam search with --num beams instead of sampling (InternLM's evaluation: 32 beams).")
    boolean beam;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature; 0 is greedy (default: ${DEFAULT-VALUE}).")
    double temperature = DEFAULTS.temperature();

    @Option(names = "--top-p", paramLabel = "P", description = "Nucleus sampling mass (default: ${DEFAULT-VALUE}).")
    double topP = DEFAULTS.topP();

    @Option(names = "--top-k", paramLabel = "K", description = "Sample among the K likeliest tokens; 0 = all (default).")
    int topK = DEFAULTS.topK();

    @Option(names = "--max-tokens", paramLabel = "M", description = "New tokens per candidate at most (default: ${DEFAULT-VALUE}).")
    int maxTokens = DEFAULTS.maxTokens();

    @Option(names = "--seed", paramLabel = "S", description = "Random seed of the sampling (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULTS.seed();

    public GenerationSettings settings() {
        try {
            return new GenerationSettings(num, beam, temperature, topP, topK, maxTokens, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
