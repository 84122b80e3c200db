package dev.leanagent.search;

import java.util.List;

/**
 * A proof state as the search sees it. {@code handle} is the environment's own reference, opaque
 * here; {@code canonical} (the state printed with fixed options) identifies equal states, so it
 * keys the DAG and every cache; {@code pretty} is the state as Lean ordinarily prints it (default
 * options, hypotheses one per line, {@code ⊢} lines, every goal), the text a tactic model was
 * trained on and so its prompt; {@code variables} are the first goal's local names and types and
 * {@code target} its target (empty when no goal is left), for generators that build tactics from
 * the goal's shape; {@code goals} counts the open goals.
 */
public record SearchState(Object handle, String canonical, String pretty, boolean complete, List<Variable> variables,
                          String target, int goals) {

    public SearchState {
        variables = List.copyOf(variables);
        target = target == null ? "" : target;
        pretty = pretty == null ? canonical : pretty;
    }

    /** A state whose ordinary printout is not known apart: its canonical text stands for it. */
    public SearchState(Object handle, String canonical, boolean complete, List<Variable> variables, String target,
                       int goals) {
        this(handle, canonical, canonical, complete, variables, target, goals);
    }

    /** A state known only by its text (scripted tests, generators that read no structure). */
    public SearchState(Object handle, String canonical, boolean complete, List<Variable> variables) {
        this(handle, canonical, complete, variables, "", complete ? 0 : 1);
    }

    public record Variable(String name, String type) {
    }
}
