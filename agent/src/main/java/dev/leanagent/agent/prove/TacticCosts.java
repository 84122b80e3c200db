package dev.leanagent.agent.prove;

import dev.leanagent.search.TacticName;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What each tactic cost Lean over a run, by its first word ({@code nlinarith}, {@code norm_num} …):
 * how often it was tried, how often it gave a state, and the time from request to reply in
 * milliseconds (Lean's time plus the pool's, and any wait for a worker when searches outnumber
 * workers). The figures a tactic list is argued with.
 */
public final class TacticCosts {

    private static final long MAX_MILLIS = 3_600_000;

    private record Entry(Histogram millis, LongAdder succeeded, LongAdder timedOut) {
    }

    private final Map<String, Entry> byTactic = new ConcurrentHashMap<>();

    public void record(String tactic, long millis, boolean succeeded, boolean timedOut) {
        Entry e = byTactic.computeIfAbsent(TacticName.of(tactic), k -> new Entry(new ConcurrentHistogram(MAX_MILLIS, 2),
                new LongAdder(), new LongAdder()));
        e.millis().recordValue(Math.max(0, Math.min(millis, MAX_MILLIS)));
        if (succeeded) e.succeeded().increment();
        if (timedOut) e.timedOut().increment();
    }

    /** One line per tactic, most total time first: tried, gave a state, timed out, p50, p99, total. */
    public Map<String, String> table() {
        Map<String, String> out = new LinkedHashMap<>();
        byTactic.entrySet().stream()
                .sorted((a, b) -> Double.compare(total(b.getValue()), total(a.getValue())))
                .forEach(en -> {
                    Entry e = en.getValue();
                    Histogram h = e.millis();
                    out.put(en.getKey(), String.format(Locale.ROOT, "%d tried, %d gave a state, %d hit their limit; "
                                    + "p50 %d ms, p99 %d ms, %.0f s in all", h.getTotalCount(), e.succeeded().sum(),
                            e.timedOut().sum(), h.getValueAtPercentile(50), h.getValueAtPercentile(99), total(e) / 1000));
                });
        return out;
    }

    private static double total(Entry e) {
        return e.millis().getMean() * e.millis().getTotalCount();
    }
}
