package dev.leanagent.bridge.repl;

import java.util.List;

/** One goal: its hypotheses in order and its target, pretty-printed. */
public record Goal(List<Hypothesis> hyps, String target) {
}
