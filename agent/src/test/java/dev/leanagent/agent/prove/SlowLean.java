package dev.leanagent.agent.prove;

import dev.leanagent.bridge.pool.ReplLauncher;
import dev.leanagent.bridge.repl.Goal;
import dev.leanagent.bridge.repl.LeanTime;
import dev.leanagent.bridge.repl.Outcome;
import dev.leanagent.bridge.repl.ProofState;
import dev.leanagent.bridge.repl.Repl;
import dev.leanagent.bridge.repl.StartRequest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately slow stand-in for Lean behind the real pool: every tactic takes {@code tacticMillis}
 * and succeeds with a new state (its text is the path), so a search always has more to do and
 * never finishes on its own. Records when each tactic began.
 */
final class SlowLean implements ReplLauncher {

    final long tacticMillis;
    /** {@link System#nanoTime()} at which each tactic began, in any process. */
    final List<Long> tacticsBegun = new CopyOnWriteArrayList<>();

    SlowLean(long tacticMillis) {
        this.tacticMillis = tacticMillis;
    }

    @Override
    public Repl launch() {
        return new Repl() {
            private final Map<Integer, String> states = new ConcurrentHashMap<>();
            private final AtomicInteger next = new AtomicInteger(1);
            private volatile boolean alive = true;

            @Override
            public Outcome start(StartRequest request) {
                return state("⊢ " + request.type());
            }

            @Override
            public Outcome tactic(int state, String tactic, Duration timeout, long heartbeats) {
                tacticsBegun.add(System.nanoTime());
                try {
                    Thread.sleep(tacticMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return state(states.get(state) + " ; " + tactic);
            }

            private Outcome state(String text) {
                int id = next.getAndIncrement();
                states.put(id, text);
                return new Outcome.Ok(new ProofState(id, false, List.of(new Goal(List.of(), text)), text, text));
            }

            @Override
            public int release(List<Integer> ids) {
                ids.forEach(states::remove);
                return states.size();
            }

            @Override
            public long pid() {
                return 4242;
            }

            @Override
            public boolean isAlive() {
                return alive;
            }

            @Override
            public OptionalLong residentBytes() {
                return OptionalLong.of(100L << 20);
            }

            @Override
            public LeanTime leanTime() {
                return LeanTime.NONE;
            }

            @Override
            public void close() {
                alive = false;
            }
        };
    }
}
