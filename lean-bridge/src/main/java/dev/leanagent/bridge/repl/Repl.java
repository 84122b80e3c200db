package dev.leanagent.bridge.repl;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * One Lean REPL process as its callers see it: {@link ReplProcess} is the real one; the pool's
 * tests put a scripted fake behind this interface where Lean itself is not the point.
 *
 * <p>Every method blocks until the process answers. A process that dies or hangs throws
 * {@link LeanProcessException}; after that the process is unusable and its states are gone.
 */
public interface Repl extends AutoCloseable {

    Outcome start(StartRequest request);

    Outcome tactic(int state, String tactic, Duration timeout, long heartbeats);

    /** Forgets states; returns how many the process still holds. */
    int release(List<Integer> states);

    long pid();

    boolean isAlive();

    /** Resident memory of the process and its descendants, when the platform can tell. */
    OptionalLong residentBytes();

    /** Lean's own time for the requests answered so far, as Lean measured it. */
    LeanTime leanTime();

    /** Kills the process; never throws. */
    @Override
    void close();
}
