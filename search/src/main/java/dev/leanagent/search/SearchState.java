package dev.leanagent.search;

import java.util.List;

/**
 * A proof state as the search sees it. {@code handle} is the environment's own reference, opaque
 * here; {@code canonical} (the state printed with fixed options) identifies equal states, so it
 * keys the DAG; {@code variables} are the first goal's local names and types, for generators that
 * build tactics from them.
 */
public record SearchState(Object handle, String canonical, boolean complete, List<Variable> variables) {

    public record Variable(String name, String type) {
    }
}
