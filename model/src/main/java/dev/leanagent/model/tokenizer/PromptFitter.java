package dev.leanagent.model.tokenizer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * Fits a tactic state into a prompt of at most {@code budget} tokens without losing its goals.
 * Lean prints the goal last, so keeping a long state's beginning would drop exactly what the next
 * tactic acts on. Instead, hypotheses are cut first, longest first: the short ones are the
 * variable declarations ({@code x y : ℝ}) that give the goal its types and the names a tactic
 * refers to, and one long hypothesis (an unfolded definition, a long sum) costs as many tokens as
 * a dozen of them. Each run of cut hypotheses leaves a marker line saying how many. Only when the
 * goals and their headers alone do not fit is text cut inside the goals, the longest first,
 * keeping each goal's beginning and end; that is logged, since the model then sees a goal that is
 * not the one it works on. A text that is not a tactic state (no {@code ⊢} line) keeps its
 * beginning.
 */
public final class PromptFitter {

    private static final Logger log = LoggerFactory.getLogger(PromptFitter.class);

    /** What had to be cut for the prompt to fit. */
    public enum Cut { NONE, HYPOTHESES, INSIDE_GOALS, END }

    /** The prompt's ids, the state text it shows, and what was cut from the state. */
    public record Fitted(int[] ids, String state, Cut cut, int hypothesesCut) {
    }

    private final Tokenizer tokenizer;
    private final PromptTemplate template;
    private final int budget;

    public PromptFitter(Tokenizer tokenizer, PromptTemplate template, int budget) {
        this.tokenizer = tokenizer;
        this.template = template;
        this.budget = budget;
    }

    public Fitted fit(String state) {
        int[] whole = encode(state);
        if (whole.length <= budget) return new Fitted(whole, state, Cut.NONE, 0);
        PrintedState printed = PrintedState.parse(state);
        if (!printed.hasGoal()) return keepBeginning(state, 0);

        List<Integer> order = printed.hypothesesLongestFirst();
        int all = order.size();
        if (fits(render(printed, order, all, Integer.MAX_VALUE))) {
            // The smallest number of the longest hypotheses whose cut is enough (0 is known not to be).
            int k = smallest(1, all, n -> fits(render(printed, order, n, Integer.MAX_VALUE)));
            String text = render(printed, order, k, Integer.MAX_VALUE);
            return new Fitted(encode(text), text, Cut.HYPOTHESES, k);
        }
        if (!fits(render(printed, order, all, 0))) {
            log.warn("the goals of a state of {} characters do not fit a prompt of {} tokens even cut short; "
                    + "its beginning is kept", state.length(), budget);
            return keepBeginning(render(printed, order, all, 0), all);
        }
        // The largest goal length that fits: goals longer than it are cut, so the longest goes first.
        int longest = printed.longestGoal();
        int limit = longest - smallest(0, longest, shortBy -> fits(render(printed, order, all, longest - shortBy)));
        String text = render(printed, order, all, limit);
        log.warn("goals cut to {} characters to fit a prompt of {} tokens, after all {} hypotheses", limit, budget, all);
        return new Fitted(encode(text), text, Cut.INSIDE_GOALS, all);
    }

    private static String render(PrintedState printed, List<Integer> order, int cutCount, int goalLimit) {
        boolean[] cut = new boolean[printed.parts().size()];
        for (int i = 0; i < cutCount; i++) cut[order.get(i)] = true;
        return printed.render(cut, goalLimit);
    }

    /** The longest beginning of the text that fits (whatever it cuts). */
    private Fitted keepBeginning(String text, int hypothesesCut) {
        int keep = text.length() - smallest(0, text.length(), shortBy -> fits(text.substring(0, text.length() - shortBy)));
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) keep--;
        String kept = text.substring(0, keep);
        return new Fitted(encode(kept), kept, Cut.END, hypothesesCut);
    }

    /**
     * The smallest n in [lo, hi] for which {@code ok} holds, assuming it holds at hi and, past
     * some point, from there on; a few exact encodings instead of one per candidate.
     */
    private static int smallest(int lo, int hi, IntPredicate ok) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ok.test(mid)) hi = mid;
            else lo = mid + 1;
        }
        return hi;
    }

    private boolean fits(String state) {
        return encode(state).length <= budget;
    }

    private int[] encode(String state) {
        return tokenizer.encode(template.render(state));
    }
}
