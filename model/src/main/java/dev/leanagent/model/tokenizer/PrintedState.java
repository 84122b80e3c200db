package dev.leanagent.model.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Lean 3 tactic state as Lean prints it, cut into the parts a prompt may lose and the parts it
 * must keep. Lean's layout ({@code tactic_state.to_format}): {@code N goals} first when there are
 * several, then per goal an optional {@code case tag} line, the hypotheses joined by {@code ",\n"}
 * and {@code ⊢ target}; goals are separated by a blank line, and a hypothesis or target too wide
 * for the line continues on indented lines, which belong to the part above them.
 */
record PrintedState(List<Part> parts) {

    private static final Pattern GOAL_COUNT = Pattern.compile("\\d+ goals");

    enum Kind {
        /** {@code N goals}, {@code case tag}, {@code no goals}: kept. */
        HEADER,
        /** {@code name : type}, with its continuation lines and separating comma: may be cut. */
        HYPOTHESIS,
        /** {@code ⊢ target} with its continuation lines: kept, cut inside only as a last resort. */
        GOAL,
        /** The empty line between two goals. */
        BLANK
    }

    record Part(Kind kind, String text) {
    }

    PrintedState {
        parts = List.copyOf(parts);
    }

    static PrintedState parse(String text) {
        List<Part> parts = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            boolean continuation = !line.isEmpty() && Character.isWhitespace(line.charAt(0));
            Part last = parts.isEmpty() ? null : parts.get(parts.size() - 1);
            if (continuation && last != null && last.kind() != Kind.BLANK) {
                parts.set(parts.size() - 1, new Part(last.kind(), last.text() + "\n" + line));
            } else {
                parts.add(new Part(kindOf(line), line));
            }
        }
        return new PrintedState(parts);
    }

    private static Kind kindOf(String line) {
        if (line.isEmpty()) return Kind.BLANK;
        if (line.startsWith("⊢")) return Kind.GOAL;
        // `case` is a keyword, so no hypothesis is named so.
        if (line.startsWith("case ") || line.equals("no goals") || GOAL_COUNT.matcher(line).matches()) return Kind.HEADER;
        return Kind.HYPOTHESIS;
    }

    boolean hasGoal() {
        return parts.stream().anyMatch(p -> p.kind() == Kind.GOAL);
    }

    /** Indices of the hypotheses, longest first (the earlier of equal ones first). */
    List<Integer> hypothesesLongestFirst() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).kind() == Kind.HYPOTHESIS) out.add(i);
        }
        out.sort((a, b) -> {
            int byLength = Integer.compare(length(parts.get(b).text()), length(parts.get(a).text()));
            return byLength != 0 ? byLength : Integer.compare(a, b);
        });
        return out;
    }

    /** The longest goal's length in code points. */
    int longestGoal() {
        return parts.stream().filter(p -> p.kind() == Kind.GOAL).mapToInt(p -> length(p.text())).max().orElse(0);
    }

    /**
     * The text with the marked hypotheses left out and every goal longer than {@code goalLimit}
     * code points cut in its middle. Each run of left-out hypotheses becomes one marker line that
     * says how many, keeping the comma of the run's last one, so the layout stays Lean's.
     */
    String render(boolean[] cut, int goalLimit) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < parts.size()) {
            if (i > 0) out.append('\n');
            if (cut[i]) {
                int run = 0;
                String lastText = "";
                while (i < parts.size() && cut[i]) {
                    run++;
                    lastText = parts.get(i).text();
                    i++;
                }
                out.append("… ").append(run).append(run == 1 ? " hypothesis cut" : " hypotheses cut");
                if (lastText.endsWith(",")) out.append(',');
                continue;
            }
            Part p = parts.get(i);
            out.append(p.kind() == Kind.GOAL ? cutGoal(p.text(), goalLimit) : p.text());
            i++;
        }
        return out.toString();
    }

    static final String GOAL_CUT = " … goal cut … ";

    /** The goal's beginning (two thirds of the limit) and end, the marker between them. */
    static String cutGoal(String goal, int limit) {
        int length = length(goal);
        if (length <= limit) return goal;
        int tail = limit / 3;
        int head = Math.min(length, Math.max(2, limit - tail)); // "⊢ " at least
        if (head + tail >= length) return goal;
        return goal.substring(0, goal.offsetByCodePoints(0, head)) + GOAL_CUT
                + goal.substring(goal.offsetByCodePoints(goal.length(), -tail));
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
