package dev.leanagent.model.checkpoint;

import java.util.Arrays;
import java.util.Locale;

/**
 * The transformer families the loader understands. Both are decoder-only with RMSNorm, rotary
 * embeddings, grouped-query attention and a SiLU-gated MLP; they differ in tensor names and in
 * InternLM2's fused query-key-value weight.
 */
public enum Architecture {
    INTERNLM2("internlm2", "InternLM2ForCausalLM"),
    LLAMA("llama", "LlamaForCausalLM");

    private final String modelType;
    private final String className;

    Architecture(String modelType, String className) {
        this.modelType = modelType;
        this.className = className;
    }

    public String modelType() {
        return modelType;
    }

    public String className() {
        return className;
    }

    static Architecture of(String modelType, String className, Object where) {
        for (Architecture a : values()) {
            if (a.modelType.equals(modelType) || a.className.equals(className)) {
                return a;
            }
        }
        throw new CheckpointException(where + ": model_type " + quote(modelType) + " ("
                + quote(className) + ") is not supported; supported are "
                + Arrays.stream(values()).map(a -> a.modelType + " (" + a.className + ")").toList()
                + ", e.g. internlm/internlm2-math-7b or internlm/internlm2-math-base-7b");
    }

    private static String quote(String s) {
        return s == null || s.isEmpty() ? "missing" : s;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
