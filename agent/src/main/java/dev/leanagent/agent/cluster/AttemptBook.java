package dev.leanagent.agent.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The coordinator's ledger of a run's attempts, without actors: which wait, which run on which
 * worker, which are finished, and how many more each worker asked for. A lost worker's unfinished
 * attempts go back to the front of the queue; the first result of an attempt counts and any later
 * one is a duplicate (so nothing is written twice).
 *
 * @param <W> how a worker is named (its actor ref)
 */
final class AttemptBook<W> {

    /** An attempt handed to a worker. */
    record Assignment<W>(W worker, long id) {
    }

    private final int total;
    private final ArrayDeque<Long> waiting = new ArrayDeque<>();
    private final Map<Long, W> running = new HashMap<>();
    private final Set<Long> finished = new HashSet<>();
    private final Map<W, Integer> demand = new LinkedHashMap<>();

    AttemptBook(int total) {
        this.total = total;
        for (long i = 0; i < total; i++) waiting.add(i);
    }

    /** {@code worker} has room for {@code slots} more. */
    void pulled(W worker, int slots) {
        demand.merge(worker, Math.max(0, slots), Integer::sum);
    }

    /** Hands waiting attempts to workers that asked, one each in turn so that work spreads. */
    List<Assignment<W>> assign() {
        List<Assignment<W>> out = new ArrayList<>();
        boolean gave = true;
        while (!waiting.isEmpty() && gave) {
            gave = false;
            for (Map.Entry<W, Integer> e : demand.entrySet()) {
                if (waiting.isEmpty()) break;
                if (e.getValue() <= 0) continue;
                long id = waiting.poll();
                running.put(id, e.getKey());
                e.setValue(e.getValue() - 1);
                out.add(new Assignment<>(e.getKey(), id));
                gave = true;
            }
        }
        return out;
    }

    /** Records attempt {@code id}'s result; false when it has one already (the result is a duplicate and must be dropped). */
    boolean finish(long id) {
        if (id < 0 || id >= total || !finished.add(id)) return false;
        running.remove(id);
        waiting.remove(id); // re-queued after its worker was thought lost, yet its result came
        return true;
    }

    /** {@code worker} is gone: its unfinished attempts wait again, first in line; returns them. */
    List<Long> lost(W worker) {
        demand.remove(worker);
        List<Long> back = new ArrayList<>();
        running.entrySet().removeIf(e -> {
            if (!e.getValue().equals(worker)) return false;
            back.add(e.getKey());
            return true;
        });
        back.sort(null);
        for (int i = back.size() - 1; i >= 0; i--) waiting.addFirst(back.get(i));
        return back;
    }

    /** Nothing more is handed out (the run is cancelled); running attempts may still report. */
    void stopHandingOut() {
        waiting.clear();
    }

    boolean complete() {
        return finished.size() == total;
    }

    /** Nothing waits and nothing runs: every attempt finished, or the run stopped handing out and the running ones reported. */
    boolean idle() {
        return waiting.isEmpty() && running.isEmpty();
    }

    boolean knows(W worker) {
        return demand.containsKey(worker) || running.containsValue(worker);
    }

    /** The workers that hold an unfinished attempt. */
    Set<W> runningWorkers() {
        return new HashSet<>(running.values());
    }

    int finishedCount() {
        return finished.size();
    }
}
