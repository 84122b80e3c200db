package dev.leanagent.model.generate;

/**
 * How candidates are drawn for one prompt. {@code beam} = true runs beam search with
 * {@code candidates} beams (temperature, top-p and top-k are then unused: InternLM's evaluation
 * used 32 beams at temperature 0); otherwise {@code candidates} samples are drawn, greedily when
 * the temperature is 0.
 */
public record GenerationSettings(
        int candidates,
        boolean beam,
        double temperature,
        double topP,
        int topK,
        int maxTokens,
        long seed) {

    public GenerationSettings {
        if (candidates < 1) {
            throw new IllegalArgumentException("the number of candidates must be at least 1, not " + candidates);
        }
        if (temperature < 0 || Double.isNaN(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, not " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], not " + topP);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be >= 0 (0 = no limit), not " + topK);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be at least 1, not " + maxTokens);
        }
    }

    /** 8 samples at temperature 1, top-p 0.95, 64 new tokens at most: a search's default. */
    public static GenerationSettings defaults() {
        return new GenerationSettings(8, false, 1.0, 0.95, 0, 64, 0);
    }

    public static GenerationSettings beams(int width, int maxTokens) {
        return new GenerationSettings(width, true, 0.0, 1.0, 0, maxTokens, 0);
    }

    public GenerationSettings withSeed(long s) {
        return new GenerationSettings(candidates, beam, temperature, topP, topK, maxTokens, s);
    }

    public boolean greedy() {
        return !beam && temperature == 0;
    }
}
