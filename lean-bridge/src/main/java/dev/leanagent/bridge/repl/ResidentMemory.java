package dev.leanagent.bridge.repl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Resident set size of a process tree, read from {@code /proc}. The Lean process runs under
 * bubblewrap and prlimit, so the memory that matters belongs to descendants of the process we
 * started; the tree is summed.
 */
public final class ResidentMemory {

    private ResidentMemory() {
    }

    /** The process and its descendants now; listing them scans all of /proc, so callers keep the list. */
    public static List<Long> tree(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants()).map(ProcessHandle::pid).toList();
    }

    public static OptionalLong of(List<Long> pids) {
        if (!Files.isDirectory(Path.of("/proc/self"))) return OptionalLong.empty();
        return OptionalLong.of(pids.stream().mapToLong(ResidentMemory::rss).sum());
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
