package dev.leanagent.bridge.repl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Resident set size of a process tree, read from {@code /proc}. The Lean process runs under
 * bubblewrap and prlimit, so the memory that matters belongs to descendants of the process we
 * started; the tree is summed.
 */
public final class ResidentMemory {

    private ResidentMemory() {
    }

    public static OptionalLong ofTree(ProcessHandle root) {
        if (!Files.isDirectory(Path.of("/proc/self"))) return OptionalLong.empty();
        long total = rss(root.pid());
        for (ProcessHandle d : (Iterable<ProcessHandle>) root.descendants()::iterator) total += rss(d.pid());
        return OptionalLong.of(total);
    }

    /** VmRSS of one process in bytes; 0 when it is gone. */
    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process exited between listing and reading
        }
        return 0;
    }
}
