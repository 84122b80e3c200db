package dev.leanagent.model;

/**
 * How a checkpoint is run: device ({@code auto|cpu|cuda[:N]}), compute type
 * ({@code auto|float32|bfloat16|float16}), prompt template, CPU threads (0 = LibTorch's default)
 * and the longest prompt in tokens (a longer state loses hypotheses, longest first, never a goal
 * unless the goals alone are too long: see {@link dev.leanagent.model.tokenizer.PromptFitter}).
 */
public record ModelOptions(String device, String dtype, String template, int threads, int maxPromptTokens) {

    public ModelOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, not " + threads);
        }
        if (maxPromptTokens < 16) {
            throw new IllegalArgumentException("max prompt tokens must be at least 16, not " + maxPromptTokens);
        }
    }

    public static ModelOptions defaults() {
        return new ModelOptions("auto", "auto", "internlm2-chat", 0, 2048);
    }

    public ModelOptions withDevice(String d) {
        return new ModelOptions(d, dtype, template, threads, maxPromptTokens);
    }
}
