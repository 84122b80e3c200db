package dev.leanagent.search;

/** A tactic's name for statistics: {@code nlinarith [sq_nonneg (a - b)]} counts as {@code nlinarith}. */
public final class TacticName {

    private TacticName() {
    }

    /** The text up to the first space, bracket, comma or semicolon. */
    public static String of(String tactic) {
        String t = tactic.strip();
        int end = 0;
        while (end < t.length() && " [,;{(".indexOf(t.charAt(end)) < 0) end++;
        return end == 0 ? t : t.substring(0, end);
    }
}
