package dev.leanagent.agent.trace;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.List;

/**
 * One line of a trace file (search/TRACES.md), told apart by its {@code type}: the search it is
 * ({@code search}, first), each state first seen ({@code state}), each tactic tried
 * ({@code tactic}) and the end ({@code end}, last; absent when the run stopped mid-search).
 * Writer and reader both use these records through {@link TraceFormat}, so the format has one definition.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(TraceLine.Search.class), @JsonSubTypes.Type(TraceLine.State.class),
        @JsonSubTypes.Type(TraceLine.Tactic.class), @JsonSubTypes.Type(TraceLine.End.class)})
public sealed interface TraceLine {

    /** Raised when the format changes incompatibly. */
    int FORMAT = 1;

    /** Which theorem and attempt, and how the search ran. {@code started}: ISO-8601 instant. */
    @JsonTypeName("search")
    record Search(int format, String file, String name, int attempt, String generator, int parallelTactics,
                  int maxExpansions, double timeoutSeconds, int maxDepth, String order, String priority,
                  String started) implements TraceLine {
    }

    /**
     * A state, the first time the search saw it. {@code pretty} is Lean's default printout (what a
     * model is prompted with), null while the search does not carry it; {@code canonical} is the
     * text that identifies the state.
     */
    @JsonTypeName("state")
    record State(int id, int depth, boolean complete, int goals, String canonical, String pretty) implements TraceLine {
    }

    /**
     * A tactic tried on state {@code parent}. {@code outcome}: proved, ok, error or unanswered;
     * {@code child}: the state it led to; {@code leanMs}: request to reply, queueing included.
     */
    @JsonTypeName("tactic")
    record Tactic(long seq, int expansion, int parent, String tactic, double logprob, Long limitMs, String outcome,
                  Integer child, boolean newChild, String errorKind, String error, double leanMs) implements TraceLine {
    }

    /** The search's outcome; {@code path}: the states along {@code proof}, root first. */
    @JsonTypeName("end")
    record End(String status, List<String> proof, List<Integer> path, String reason, int expansions, int nodes,
               double seconds) implements TraceLine {
    }
}
