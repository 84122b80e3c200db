package dev.leanagent.agent.serve;

import dev.leanagent.search.SearchState;

import java.util.ArrayList;
import java.util.List;

/**
 * A tactic state as Lean prints it (hypotheses {@code a b : ℕ} one per line, then {@code ⊢ goal}),
 * turned into the search's state of its first goal, for generators that read the goal's shape.
 * Nothing is run: the state is known only by its text.
 */
final class StateText {

    private StateText() {
    }

    static SearchState parse(String text) {
        String body = text.strip();
        // Lean prints "2 goals" above several goals; the first goal ends at the first blank line.
        if (body.matches("(?s)\\d+ goals?\\R.*")) body = body.substring(body.indexOf('\n') + 1);
        int blank = body.indexOf("\n\n");
        String first = blank >= 0 ? body.substring(0, blank) : body;
        List<String> hyps = new ArrayList<>();
        String target = "";
        boolean inTarget = false;
        for (String line : first.split("\\R")) {
            if (line.startsWith("⊢")) {
                inTarget = true;
                target = line.substring(1).strip();
            } else if (inTarget) {
                target += " " + line.strip();
            } else if (!hyps.isEmpty() && (line.startsWith(" ") || line.startsWith("\t"))) {
                hyps.set(hyps.size() - 1, hyps.get(hyps.size() - 1) + " " + line.strip());
            } else if (!line.isBlank()) {
                hyps.add(line.strip());
            }
        }
        List<SearchState.Variable> vars = new ArrayList<>();
        for (String h : hyps) {
            int colon = h.indexOf(" : ");
            if (colon < 0) continue;
            String type = h.substring(colon + 3).strip();
            for (String name : h.substring(0, colon).strip().split("\\s+")) vars.add(new SearchState.Variable(name, type));
        }
        boolean complete = body.isEmpty() || body.equals("no goals");
        return new SearchState(null, body, complete, vars, target, complete ? 0 : Math.max(1, countGoals(text)));
    }

    private static int countGoals(String text) {
        int n = 0;
        for (String line : text.split("\\R")) if (line.startsWith("⊢")) n++;
        return n;
    }
}
