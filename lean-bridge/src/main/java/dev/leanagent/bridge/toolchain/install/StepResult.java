package dev.leanagent.bridge.toolchain.install;

import java.util.List;

/**
 * One part of a set-up (a prerequisite, a part of a workspace) after it ran: ready, or missing with what a user can do about it.
 *
 * @param todo how to provide the part by hand, one instruction per line; empty when ready
 */
public record StepResult(String part, boolean ready, String detail, List<String> todo) {

    public static StepResult ready(String part, String detail) {
        return new StepResult(part, true, detail, List.of());
    }

    public static StepResult missing(String part, String detail, String... todo) {
        return new StepResult(part, false, detail, List.of(todo));
    }
}
