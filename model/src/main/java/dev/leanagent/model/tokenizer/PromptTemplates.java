package dev.leanagent.model.tokenizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The known prompt templates, by the name results record. */
public final class PromptTemplates {

    /** InternLM2-Math chat models: a user turn holding the state, then an open assistant turn. */
    static final PromptTemplate INTERNLM2_CHAT = new Fixed("internlm2-chat",
            "<s><|im_start|>user\nGiven the Lean 3 tactic state, suggest a next tactic:\n",
            "<|im_end|>\n<|im_start|>assistant\n");

    /** Base models have no chat turns; two worked examples show the shape of an answer. */
    static final PromptTemplate FEWSHOT = new Fixed("fewshot",
            "<s>"
                    + example("a : ℕ\n⊢ a + 0 = a", "simp")
                    + example("⊢ ∀ (x y : ℕ), x + y = y + x", "intros x y")
                    + "Tactic state:\n---\n",
            "\n---\nNext tactic:\n---\n");

    /** GPT-f / PACT (Han et al. 2021) train on "GOAL <state> PROOFSTEP <tactic>". */
    static final PromptTemplate GPTF = new Fixed("gptf", "<s>GOAL ", " PROOFSTEP ");

    private static final Map<String, PromptTemplate> BY_NAME = new LinkedHashMap<>();

    static {
        for (PromptTemplate t : List.of(INTERNLM2_CHAT, FEWSHOT, GPTF)) BY_NAME.put(t.name(), t);
    }

    private PromptTemplates() {
    }

    /** @throws IllegalArgumentException listing the known names */
    public static PromptTemplate byName(String name) {
        PromptTemplate t = BY_NAME.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown prompt template '" + name + "'; known: " + String.join(", ", names()));
        }
        return t;
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    public static PromptTemplate defaultTemplate() {
        return INTERNLM2_CHAT;
    }

    private static String example(String state, String tactic) {
        return "Tactic state:\n---\n" + state + "\n---\nNext tactic:\n---\n" + tactic + "\n---\n\n";
    }

    /** The state verbatim between a fixed prefix and suffix: all templates so far have this shape. */
    private record Fixed(String name, String prefix, String suffix) implements PromptTemplate {
        @Override
        public String render(String state) {
            return prefix + Objects.requireNonNull(state, "state") + suffix;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
