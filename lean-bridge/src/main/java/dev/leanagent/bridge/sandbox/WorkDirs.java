package dev.leanagent.bridge.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Throw-away working directories for contained processes. Each name carries the pid of the JVM
 * that made it ({@code lean-agent-repl-p1234-5678…}): the directories still held are removed on
 * exit (with the processes, see {@link ContainedProcesses}), and those of a JVM that died without
 * running its hooks (SIGKILL) are swept by the next one to create a directory.
 */
public final class WorkDirs {

    /** {@code PREFIX-pPID-RANDOM}: what {@link #create} makes, and all that a sweep may remove. */
    private static final Pattern OWNED = Pattern.compile("lean-agent-[a-z-]+-p(\\d+)-\\d+");

    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean swept;

    private WorkDirs() {
    }

    public static Path create(String prefix) throws IOException {
        if (!swept) sweepOnce();
        Path dir = Files.createTempDirectory(prefix + "-p" + ProcessHandle.current().pid() + "-");
        LIVE.add(dir);
        ContainedProcesses.ensureHook();
        return dir;
    }

    public static void deleteQuietly(Path dir) {
        LIVE.remove(dir);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temp file is no reason to fail a proof
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** The directories this JVM holds (for the exit hook and tests). */
    static Set<Path> live() {
        return Set.copyOf(LIVE);
    }

    static void deleteAll() {
        for (Path dir : LIVE) deleteQuietly(dir);
    }

    private static synchronized void sweepOnce() {
        if (swept) return;
        swept = true;
        sweepStale(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Removes the work directories in {@code tmp} whose JVM is gone: no process has its pid, or
     * the process with that pid started after the directory was last written (the pid was
     * reused). Returns how many were removed.
     */
    static int sweepStale(Path tmp) {
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "lean-agent-*")) {
            for (Path dir : dirs) {
                Matcher m = OWNED.matcher(dir.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(dir)) continue;
                if (ownerAlive(Long.parseLong(m.group(1)), dir)) continue;
                deleteQuietly(dir);
                removed++;
            }
        } catch (IOException | RuntimeException ignored) {
            // a sweep is housekeeping; it never stops a run
        }
        return removed;
    }

    private static boolean ownerAlive(long pid, Path dir) throws IOException {
        Optional<ProcessHandle> owner = ProcessHandle.of(pid);
        if (owner.isEmpty()) return false;
        Optional<Instant> started = owner.get().info().startInstant();
        if (started.isEmpty()) return true; // cannot tell: keep it
        return !started.get().isAfter(Files.getLastModifiedTime(dir).toInstant());
    }
}
