package dev.leanagent.bridge.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The containment itself, with a shell instead of Lean, so it runs wherever bubblewrap does (CI too). */
class SandboxTest {

    private record Run(int status, String output) {
    }

    private static Run contained(Path work, String script) throws Exception {
        Sandbox s = Sandbox.detect();
        Process p = new ProcessBuilder(s.wrap(List.of("sh", "-c", script), new SandboxSpec(work, 256, Map.of("X_MARK", "42"))))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    @Test
    void onlyTheWorkDirectoryIsWritableAndItsPathIsHome(@TempDir Path outside, @TempDir Path work) throws Exception {
        Path victim = outside.resolve("victim");
        Run r = contained(work, "touch " + victim + " 2>/dev/null && echo WROTE; touch /tmp/t && echo TMP; "
                + "touch ./in-work && echo WORK; echo HOME=$HOME MARK=$X_MARK");
        assertFalse(r.output().contains("WROTE"), r.output());
        assertFalse(Files.exists(victim));
        assertTrue(r.output().contains("TMP"), r.output());
        assertTrue(r.output().contains("WORK"), r.output());
        assertTrue(Files.exists(work.resolve("in-work")), "the work directory is shared with the host");
        assertTrue(r.output().contains("HOME=" + work.toAbsolutePath().normalize() + " MARK=42"), r.output());
        assertFalse(Files.exists(Path.of("/tmp/t")) && Files.getLastModifiedTime(Path.of("/tmp/t")).toMillis()
                > System.currentTimeMillis() - 60_000, "the sandbox's /tmp is the host's");
    }

    @Test
    void noNetworkAndNoOtherProcesses(@TempDir Path work) throws Exception {
        // /proc belongs to the sandbox's namespaces (/sys is the host's, read-only).
        Run r = contained(work, "tail -n +3 /proc/net/dev | cut -d: -f1; echo PIDS $(ls /proc | grep -c '^[0-9]')");
        assertEquals(0, r.status(), r.output());
        assertTrue(r.output().lines().anyMatch(l -> l.strip().equals("lo")), r.output());
        assertFalse(r.output().contains("eth"), r.output());
        int pids = Integer.parseInt(r.output().replaceAll("(?s).*PIDS (\\d+).*", "$1"));
        assertTrue(pids < 10, "the sandbox sees the host's processes: " + pids);
    }

    @Test
    void memoryIsCapped(@TempDir Path work) throws Exception {
        // 256 MiB plus the headroom: asking for 8 GiB of address space must fail.
        Run r = contained(work, "python3 -c 'bytearray(8 << 30)' 2>&1 || echo CAPPED");
        assertTrue(r.output().contains("CAPPED") || r.output().contains("MemoryError"), r.output());
    }
}
