package dev.leanagent.model.tokenizer;

/** Turns a Lean 3 tactic state into the text the model continues with a tactic. */
public interface PromptTemplate {

    /** Recorded with every result, so a number can be traced to the prompt that produced it. */
    String name();

    /**
     * The prompt, starting with the single {@code <s>}: {@link Tokenizer#encode} adds no BOS of its own,
     * so the template is the one place that decides it. {@code state} is the whole state as Lean
     * prints it, every goal with Lean's {@code N goals} and {@code case} lines (perhaps with
     * hypotheses cut to fit the budget, see {@link PromptFitter}); how the goals are shown is the
     * template's choice. The templates here show them all, as InternLM2-Math's and lean-gym's
     * evaluations did.
     */
    String render(String state);
}
