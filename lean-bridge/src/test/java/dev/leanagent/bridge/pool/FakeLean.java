package dev.leanagent.bridge.pool;

import dev.leanagent.bridge.repl.Goal;
import dev.leanagent.bridge.repl.LeanProcessException;
import dev.leanagent.bridge.repl.LeanTime;
import dev.leanagent.bridge.repl.Outcome;
import dev.leanagent.bridge.repl.ProofState;
import dev.leanagent.bridge.repl.Repl;
import dev.leanagent.bridge.repl.ReplError;
import dev.leanagent.bridge.repl.StartRequest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted stand-in for Lean, for pool tests where Lean itself is not the point. A state's text
 * is its statement followed by the tactics applied; tactic words drive faults:
 * {@code fail}, {@code crash} (the process dies), {@code crash-once} (dies the first time it is
 * run anywhere), {@code hang} (no reply: killed), {@code sleep N}, {@code flaky} (a state that
 * differs per process, so it cannot be replayed), {@code done} (proof complete).
 */
final class FakeLean implements ReplLauncher {

    final AtomicInteger launches = new AtomicInteger();
    final List<FakeRepl> processes = new CopyOnWriteArrayList<>();
    final AtomicBoolean crashedOnce = new AtomicBoolean();
    volatile String launchFailure;

    @Override
    public Repl launch() {
        if (launchFailure != null) throw new LeanProcessException(launchFailure);
        FakeRepl r = new FakeRepl(this, launches.incrementAndGet());
        processes.add(r);
        changed();
        return r;
    }

    long liveProcesses() {
        return processes.stream().filter(FakeRepl::isAlive).count();
    }

    /** Wakes {@link #awaitLiveProcesses}: a process was launched or died. */
    private synchronized void changed() {
        notifyAll();
    }

    /**
     * Waits until {@code expected} fake processes are alive, woken by each launch and death;
     * returns how many are alive then, or after {@code limit} if they never number {@code expected}.
     */
    synchronized long awaitLiveProcesses(long expected, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long live;
        while ((live = liveProcesses()) != expected) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return live;
    }

    static final class FakeRepl implements Repl {
        private final FakeLean lean;
        private final int number;
        private final Map<Integer, String> states = new ConcurrentHashMap<>();
        private final AtomicInteger next = new AtomicInteger(1);
        private volatile boolean alive = true;
        private int requests;

        FakeRepl(FakeLean lean, int number) {
            this.lean = lean;
            this.number = number;
        }

        int liveStates() {
            return states.size();
        }

        @Override
        public synchronized Outcome start(StartRequest request) {
            requireAlive();
            requests++;
            if (request.type().contains("unprovable-statement")) {
                return new Outcome.Failed(new ReplError("statement_error", "cannot elaborate"));
            }
            return state("⊢ " + request.type(), false);
        }

        @Override
        public synchronized Outcome tactic(int state, String tactic, Duration timeout, long heartbeats) {
            requireAlive();
            requests++;
            String text = states.get(state);
            if (text == null) return new Outcome.Failed(new ReplError("unknown_state", "no state " + state));
            if (tactic.equals("fail")) return new Outcome.Failed(new ReplError("tactic_failed", "fail failed"));
            if (tactic.equals("crash") || (tactic.equals("crash-once") && lean.crashedOnce.compareAndSet(false, true))) {
                die();
                throw new LeanProcessException("the Lean process " + pid() + " exited with status 139");
            }
            if (tactic.equals("hang")) {
                die();
                throw LeanProcessException.hung("Lean gave no reply within 1 s to tactic; the process was killed");
            }
            if (tactic.startsWith("sleep ")) {
                try {
                    Thread.sleep(Long.parseLong(tactic.substring(6)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String next = text + " ; " + (tactic.equals("flaky") ? "flaky on process " + number : tactic);
            return state(next, tactic.equals("done"));
        }

        private Outcome state(String text, boolean complete) {
            int id = next.getAndIncrement();
            states.put(id, text);
            List<Goal> goals = complete ? List.of() : List.of(new Goal(List.of(), text));
            return new Outcome.Ok(new ProofState(id, complete, goals, text, text));
        }

        private void die() {
            alive = false;
            lean.changed();
        }

        private void requireAlive() {
            if (!alive) throw new LeanProcessException("the Lean process " + pid() + " is dead");
        }

        @Override
        public synchronized int release(List<Integer> ids) {
            requireAlive();
            ids.forEach(states::remove);
            return states.size();
        }

        @Override
        public long pid() {
            return 1000 + number;
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
        public synchronized LeanTime leanTime() {
            return new LeanTime(requests, requests * 0.5);
        }

        @Override
        public void close() {
            die();
        }
    }
}
