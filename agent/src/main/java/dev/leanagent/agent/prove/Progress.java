package dev.leanagent.agent.prove;

import dev.leanagent.search.ProofResult;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Progress on stderr: a bar redrawn in place on a terminal, one line per theorem otherwise
 * (logs, CI), so a long run always shows where it is.
 */
public final class Progress {

    private final PrintStream err;
    private final int total;
    private final boolean terminal;
    private long start = System.nanoTime();
    private final Map<String, Integer> counts = new TreeMap<>();
    private int done;

    public Progress(PrintStream err, int total, boolean terminal) {
        this.err = err;
        this.total = total;
        this.terminal = terminal;
    }

    /**
     * The searches begin (Lean workers are up, the searches spawned): times and estimates count
     * from here. A log gets a line, so that it shows when searching began (and a Ctrl-C after it
     * leaves results).
     */
    public synchronized void started() {
        start = System.nanoTime();
        if (terminal) draw("searching");
        else err.printf(Locale.ROOT, "[0/%d] searching%n", total);
    }

    public synchronized void finished(ProofResult r) {
        done++;
        counts.merge(r.status(), 1, Integer::sum);
        String last = String.format(Locale.ROOT, "%s %s (%.1f s)", r.name(), r.status(), r.seconds());
        if (terminal) {
            draw(last);
            if (done == total) err.println();
        } else {
            // A log of a long run (miniF2F takes an hour or more) should say how it is going without a calculator.
            double elapsed = (System.nanoTime() - start) / 1e9;
            String left = done < total ? ", about " + duration(elapsed / done * (total - done)) + " left" : "";
            err.printf(Locale.ROOT, "[%d/%d] %s; %d proved so far, %s elapsed%s%n", done, total, last,
                    counts.getOrDefault(ProofResult.PROVED, 0), duration(elapsed), left);
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s < 3600 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    private void draw(String last) {
        int width = 24;
        int filled = total == 0 ? width : done * width / total;
        StringBuilder bar = new StringBuilder("\r[");
        for (int i = 0; i < width; i++) bar.append(i < filled ? '#' : '.');
        bar.append(String.format(Locale.ROOT, "] %d/%d %s %.0fs  %s", done, total, counts, (System.nanoTime() - start) / 1e9,
                last));
        String line = bar.length() > 150 ? bar.substring(0, 150) : bar.toString();
        err.print(line + "\u001b[K");
        err.flush();
    }
}
