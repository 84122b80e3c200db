package dev.leanagent.model.tokenizer;

/** Turns a Lean 3 tactic state into the text the model continues with a tactic. */
public interface PromptTemplate {

    /** Recorded with every result, so a number can be traced to the prompt that produced it. */
    String name();

    /**
     * The prompt, starting with the single {@code <s>}: {@link Tokenizer#encode} adds no BOS of its own,
     * so the template is the one place that decides it.
     */
    String render(String state);
}
