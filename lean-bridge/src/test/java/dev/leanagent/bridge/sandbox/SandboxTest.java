package dev.leanagent.bridge.sandbox;

import dev.leanagent.bridge.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The containment itself, with a shell instead of Lean, so it runs wherever bubblewrap does (CI too). */
class SandboxTest {

    private record Run(int status, String output) {
    }

    private static Run contained(SandboxSpec spec, String script) throws Exception {
        return run(Sandbox.detect().wrap(List.of("sh", "-c", script), spec));
    }

    private static Run contained(Path work, String script) throws Exception {
        return contained(new SandboxSpec(work, 256, Map.of("X_MARK", "42")), script);
    }

    private static Run run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
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
    void hostFilesOutsideTheLeanPathCannotBeRead(@TempDir Path secrets, @TempDir Path installed, @TempDir Path work)
            throws Exception {
        // Nested, as a toolchain unpacked into a home's .cache is: its parents exist only as mount points.
        Path library = Files.createDirectories(installed.resolve("cache").resolve("lib"));
        Path secret = Files.writeString(secrets.resolve("secret.txt"), "TOP-SECRET-4711");
        // Readable by anyone, as a file in a home often is: only its absence from the sandbox may refuse it.
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(library.resolve("module.lean"), "LIBRARY-TEXT-0815");
        // As a library is installed; under root the contained process is an unprivileged user.
        Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Path.of(System.getProperty("user.home"));
        SandboxSpec spec = new SandboxSpec(work, 256, Map.of("LEAN_PATH", library.toString()));
        Run r = contained(spec, "cat " + secret + "; cat " + library.resolve("module.lean")
                + "; echo; ls -A " + home + " | wc -l; ls /etc");
        assertFalse(r.output().contains("TOP-SECRET-4711"), r.output());
        assertTrue(r.output().contains("No such file"), r.output());
        assertTrue(r.output().contains("LIBRARY-TEXT-0815"), "a directory on LEAN_PATH must stay readable: " + r.output());
        // Control: the same read outside the sandbox works, so the refusal above is the sandbox's.
        assertTrue(run(List.of("cat", secret.toString())).output().contains("TOP-SECRET-4711"));
        if (!home.startsWith(work) && !library.startsWith(home)) {
            assertTrue(r.output().lines().anyMatch(l -> l.strip().equals("0")),
                    "the user's home is visible in the sandbox: " + r.output());
        }
        assertFalse(r.output().contains("passwd"), "/etc is the host's: " + r.output());
    }

    @Test
    void noConnectionToTheHostsLoopback(@TempDir Path work) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(200);
            String probe = "echo hello > /dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo CONNECTED";
            // Control: the probe connects from the host, so a failure inside means no route.
            CompletableFuture<Run> outside = CompletableFuture.supplyAsync(() -> {
                try {
                    return run(List.of("bash", "-c", probe));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(accepted(server), "the probe did not reach the host's server, so this test proves nothing");
            assertTrue(outside.get(60, TimeUnit.SECONDS).output().contains("CONNECTED"));

            Run inside = run(Sandbox.detect().wrap(List.of("bash", "-c", probe),
                    new SandboxSpec(work, 256, Map.of())));
            assertFalse(inside.output().contains("CONNECTED"), inside.output());
            assertFalse(accepted(server), "a sandboxed process connected to 127.0.0.1:" + server.getLocalPort());
        }
    }

    private static boolean accepted(ServerSocket server) throws IOException {
        try (Socket ignored = server.accept()) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void noOtherProcessesAreVisible(@TempDir Path work) throws Exception {
        // /proc belongs to the sandbox's PID namespace.
        Run r = contained(work, "echo PIDS $(ls /proc | grep -c '^[0-9]')");
        assertEquals(0, r.status(), r.output());
        int pids = Integer.parseInt(r.output().replaceAll("(?s).*PIDS (\\d+).*", "$1"));
        assertTrue(pids < 10, "the sandbox sees the host's processes: " + pids);
    }

    @Test
    void memoryIsCapped(@TempDir Path work) throws Exception {
        // 256 MiB plus the headroom (2 GiB): a 3000 MiB buffer cannot be had, a 1000 MiB one can.
        String dd = "dd if=/dev/zero of=/dev/null iflag=count_bytes count=1 bs=";
        Run r = contained(work, dd + "1000M && echo SMALL-OK; " + dd + "3000M || echo BIG-REFUSED");
        assertTrue(r.output().contains("SMALL-OK"), r.output());
        assertTrue(r.output().contains("memory exhausted"), r.output());
        assertTrue(r.output().contains("BIG-REFUSED"), r.output());
    }

    @Test
    void processesAreCapped(@TempDir Path work) throws Exception {
        // `echo` is built in: one STARTED line per fork that succeeded, even after one failed.
        String script = "i=0; while [ $i -lt 60 ]; do sleep 30 & echo STARTED; i=$((i+1)); done";
        Run capped = contained(new SandboxSpec(work, 256, Map.of()).withMaxProcesses(20), script);
        Run free = contained(new SandboxSpec(work, 256, Map.of()).withMaxProcesses(200), script);
        long cappedStarted = capped.output().lines().filter("STARTED"::equals).count();
        long freeStarted = free.output().lines().filter("STARTED"::equals).count();
        assertEquals(60, freeStarted, "without a tight cap all 60 start: " + free.output());
        assertTrue(cappedStarted < 20, "a cap of 20 let " + cappedStarted + " processes start: " + capped.output());
        assertTrue(capped.output().contains("fork"), capped.output());
    }

    @Test
    void everyProcessEndsWithTheSandbox(@TempDir Path work) throws Exception {
        String marker = "4242" + ProcessHandle.current().pid() % 10_000;
        List<String> cmd = Sandbox.detect().wrap(List.of("sh", "-c",
                "for i in $(seq 50); do sleep " + marker + " & done; echo STARTED; wait"), new SandboxSpec(work, 256, Map.of()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] started = p.getInputStream().readNBytes("STARTED".length());
        assertEquals("STARTED", new String(started, StandardCharsets.US_ASCII));
        assertTrue(Await.until(() -> Await.processesWith("sleep " + marker) >= 50, Duration.ofSeconds(20)),
                "the sleeps did not start, so this test proves nothing");
        p.destroyForcibly(); // bubblewrap only: its children are not touched from here
        assertTrue(Await.until(() -> Await.processesWith("sleep " + marker) == 0, Duration.ofSeconds(20)),
                Await.processesWith("sleep " + marker) + " processes outlived their sandbox");
    }
}
