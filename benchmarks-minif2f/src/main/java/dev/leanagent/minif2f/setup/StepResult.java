package dev.leanagent.minif2f.setup;

import java.util.List;

/**
 * One part of a workspace after set-up: ready, or missing with what a user can do about it.
 *
 * @param todo how to provide the part by hand, one instruction per line; empty when ready
 */
public record StepResult(String part, boolean ready, String detail, List<String> todo) {

    static StepResult ready(String part, String detail) {
        return new StepResult(part, true, detail, List.of());
    }

    static StepResult missing(String part, String detail, String... todo) {
        return new StepResult(part, false, detail, List.of(todo));
    }
}
