package dev.leanagent.bridge.repl;

/** One hypothesis of a goal, pretty-printed. */
public record Hypothesis(String name, String type) {
}
