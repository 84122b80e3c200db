package dev.leanagent.agent.runtime;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a run: the first asks the run to cancel, so that every
 * running search writes its {@code cancelled} line and the run's code closes the pools (Lean
 * killed, work directories removed) before the process exits with 130 or 143; if that has not
 * happened within {@link #GRACE}, or a second signal comes, the process exits at once (the
 * lean-bridge shutdown hook still kills Lean and removes the directories; results already written
 * stay).
 *
 * <p>Signal handlers rather than a shutdown hook, because shutdown hooks run concurrently: the
 * bridge's hook would kill Lean (and Pekko's stop the actors) while the searches still write their
 * lines. The handler runs before any of that, and it also tells SIGINT from SIGTERM.
 */
public final class Interruption implements AutoCloseable {

    /** How long the run gets to write its lines and stop its pools after the first signal. */
    static final Duration GRACE = Duration.ofSeconds(30);
    private static final Map<String, Integer> SIGNALS = Map.of("INT", 2, "TERM", 15);

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final Consumer<Cancellation> cancel;
    private final PrintStream err;
    private volatile Cancellation received;

    private Interruption(Consumer<Cancellation> cancel, PrintStream err) {
        this.cancel = cancel;
        this.err = err;
    }

    /** Until {@link #close()}, SIGINT and SIGTERM cancel the run through {@code cancel}. */
    public static Interruption onSignals(Consumer<Cancellation> cancel) {
        Interruption i = new Interruption(cancel, System.err);
        for (Map.Entry<String, Integer> s : SIGNALS.entrySet()) {
            try {
                Signal signal = new Signal(s.getKey());
                i.previous.put(signal, Signal.handle(signal, sig -> i.received(s.getKey(), s.getValue())));
            } catch (IllegalArgumentException e) {
                // the JVM reserves it here (-Xrs): the default exit and the bridge's hook still clean up
            }
        }
        return i;
    }

    private void received(String name, int number) {
        Cancellation c = Cancellation.bySignal(name, number);
        synchronized (this) {
            if (received != null) {
                err.println("lean-agent: SIG" + name + " again: exiting now");
                Runtime.getRuntime().exit(received.exitStatus());
                return;
            }
            received = c;
        }
        err.println("lean-agent: SIG" + name + ": cancelling the running searches (their results are written as "
                + "'cancelled'; --resume runs them again); SIG" + name + " again exits at once");
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GRACE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            err.println("lean-agent: the run did not stop within " + GRACE.toSeconds() + " s of SIG" + name + "; exiting");
            Runtime.getRuntime().exit(c.exitStatus());
        }, "lean-agent-interrupt-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        cancel.accept(c);
    }

    /** Restores the handlers that were there before; a run that is stopping keeps its watchdog. */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
