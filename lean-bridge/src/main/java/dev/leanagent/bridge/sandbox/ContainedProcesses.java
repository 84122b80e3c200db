package dev.leanagent.bridge.sandbox;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every contained process this JVM started, so none outlives it: a shutdown hook kills what is
 * left on a normal exit or a signal, and bubblewrap's {@code --die-with-parent} covers a JVM that
 * is killed outright (SIGKILL runs no hook).
 */
public final class ContainedProcesses {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ContainedProcesses::killAll, "lean-agent-kill-lean"));
    }

    private ContainedProcesses() {
    }

    public static void register(Process p) {
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
    }

    /** Kills the process and everything under it (bubblewrap's children first, then bubblewrap). */
    public static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        LIVE.remove(p);
    }

    public static int liveCount() {
        return LIVE.size();
    }

    static void killAll() {
        for (Process p : LIVE) kill(p);
    }
}
