package dev.leanagent.bridge.sandbox;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every contained process this JVM started, so none outlives it: a shutdown hook kills what is
 * left on a normal exit or a signal, then removes the work directories still held; bubblewrap's
 * {@code --die-with-parent} covers a JVM that is killed outright (SIGKILL runs no hook), and the
 * next run sweeps that JVM's directories ({@link WorkDirs}).
 */
public final class ContainedProcesses {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ContainedProcesses::cleanUp, "lean-agent-kill-lean"));
    }

    private ContainedProcesses() {
    }

    /** Loads the class, and so installs the hook (work directories are made before processes). */
    static void ensureHook() {
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

    /** The processes first: a contained process could still write into its directory. */
    private static void cleanUp() {
        Set<Process> left = Set.copyOf(LIVE);
        for (Process p : left) kill(p);
        for (Process p : left) {
            try {
                p.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                break;
            }
        }
        WorkDirs.deleteAll();
    }
}
