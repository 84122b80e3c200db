package dev.leanagent.bridge.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Work directories never outlive their JVM: removed on exit, swept after a SIGKILL. */
class WorkDirsTest {

    @Test
    void theNameCarriesTheOwnersPid() throws Exception {
        Path dir = WorkDirs.create("lean-agent-repl");
        try {
            assertTrue(dir.getFileName().toString().startsWith("lean-agent-repl-p" + ProcessHandle.current().pid() + "-"),
                    dir.toString());
            assertTrue(WorkDirs.live().contains(dir));
        } finally {
            WorkDirs.deleteQuietly(dir);
        }
        assertFalse(Files.exists(dir));
        assertFalse(WorkDirs.live().contains(dir));
    }

    @Test
    void aSweepRemovesOnlyDirectoriesWhoseJvmIsGone(@TempDir Path tmp) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long self = ProcessHandle.current().pid();
        Path dead = Files.createDirectories(tmp.resolve("lean-agent-repl-p" + gone.pid() + "-123"));
        Files.writeString(dead.resolve("lean_agent_repl.lean"), "x");
        Path mine = Files.createDirectories(tmp.resolve("lean-agent-check-p" + self + "-456"));
        Path reused = Files.createDirectories(tmp.resolve("lean-agent-repl-p" + self + "-789"));
        // Older than this JVM: its pid belonged to another process before.
        Files.setLastModifiedTime(reused, FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
        Path unknown = Files.createDirectories(tmp.resolve("lean-agent-repl12345"));
        Path foreign = Files.createDirectories(tmp.resolve("someone-else-p1-1"));

        assertEquals(2, WorkDirs.sweepStale(tmp));
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(reused));
        assertTrue(Files.exists(mine));
        assertTrue(Files.exists(unknown), "a directory without an owner's pid is not ours to judge");
        assertTrue(Files.exists(foreign));
    }

    @Test
    void sigtermRemovesTheDirectoriesAndSigkillLeavesThemToTheNextSweep(@TempDir Path tmp) throws Exception {
        Path termed = runChildAndSignal(tmp, false);
        assertFalse(Files.exists(termed), "SIGTERM left " + termed);

        Path killed = runChildAndSignal(tmp, true);
        assertTrue(Files.exists(killed), "no hook runs on SIGKILL, so the directory is still there");
        assertEquals(1, WorkDirs.sweepStale(tmp));
        assertFalse(Files.exists(killed));
    }

    /** A child JVM holds a work directory with a contained process in it, then gets a signal. */
    private static Path runChildAndSignal(Path tmp, boolean kill) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                HolderMain.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertNotNull(line, "the child JVM reported no work directory");
            Path dir = Path.of(line.substring("HOLDING ".length()));
            assertTrue(Files.isDirectory(dir), dir.toString());
            if (kill) child.destroyForcibly();
            else child.destroy();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
            return dir;
        }
    }

    /** Runs in a child JVM: a work directory with a contained {@code sleep} in it, until a signal. */
    public static final class HolderMain {
        public static void main(String[] args) throws Exception {
            Path dir = WorkDirs.create("lean-agent-repl");
            Files.writeString(dir.resolve("lean_agent_repl.lean"), "-- a program");
            Process p = new ProcessBuilder(Sandbox.detect().wrap(List.of("sleep", "600"),
                    new SandboxSpec(dir, 256, Map.of()))).start();
            ContainedProcesses.register(p);
            System.out.println("HOLDING " + dir);
            System.out.flush();
            p.waitFor();
        }
    }
}
