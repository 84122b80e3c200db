package dev.leanagent.bridge.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Contains every Lean process with bubblewrap: tactic text is code (LEAN3-NOTES.md), and a
 * blocklist of names cannot be made complete, so the operating system does the containing.
 *
 * <ul>
 *   <li>the whole file system is mounted read-only; the work directory and an in-memory
 *       {@code /tmp} are the only writable places, and both vanish with the process;</li>
 *   <li>new user, PID, network, IPC and UTS namespaces: no network, no view of other processes;</li>
 *   <li>its own session and process group ({@code --new-session}, which also stops a tactic from
 *       pushing keystrokes into our terminal), killed with us ({@code --die-with-parent}): when
 *       the namespace's first process dies the kernel kills every process in it;</li>
 *   <li>an address-space limit ({@code prlimit --as}) above Lean's own {@code -M}, so a runaway
 *       allocation outside Lean's accounting still stops.</li>
 * </ul>
 * bubblewrap works as root and as an ordinary user where unprivileged user namespaces are on.
 */
public final class Sandbox {

    /** Address space beyond Lean's -M: thread stacks, the VM, mapped .olean files. */
    static final long AS_HEADROOM_MB = 2048;

    private final Path bwrap;
    private final Path prlimit;

    private Sandbox(Path bwrap, Path prlimit) {
        this.bwrap = bwrap;
        this.prlimit = prlimit;
    }

    /** Finds bubblewrap and prlimit and checks that a contained process really starts here. */
    public static Sandbox detect() {
        Path bwrap = which("bwrap");
        if (bwrap == null) {
            throw new SandboxUnavailableException("bubblewrap ('bwrap') is not installed, and every Lean process "
                    + "runs inside it (tactic text from a model is code).\n"
                    + "Install it: sudo apt-get install bubblewrap   (Fedora: dnf install bubblewrap; Arch: pacman -S bubblewrap)");
        }
        Path prlimit = which("prlimit");
        if (prlimit == null) {
            throw new SandboxUnavailableException("'prlimit' (util-linux) is not installed; it caps a Lean process's "
                    + "memory. Install util-linux.");
        }
        Sandbox s = new Sandbox(bwrap, prlimit);
        s.selfTest();
        return s;
    }

    /** The command line that runs {@code command} contained as {@code spec} says. */
    public List<String> wrap(List<String> command, SandboxSpec spec) {
        Path work = spec.workDir().toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of(bwrap.toString(),
                "--ro-bind", "/", "/",
                "--dev", "/dev",
                "--proc", "/proc",
                "--tmpfs", "/tmp",
                "--bind", work.toString(), work.toString(),
                "--chdir", work.toString(),
                "--unshare-all",
                "--die-with-parent",
                "--new-session",
                "--clearenv",
                "--setenv", "HOME", work.toString(),
                "--setenv", "TMPDIR", work.toString(),
                "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin"));
        for (Map.Entry<String, String> e : spec.env().entrySet()) {
            cmd.addAll(List.of("--setenv", e.getKey(), e.getValue()));
        }
        cmd.addAll(List.of("--", prlimit.toString(),
                "--as=" + (spec.memoryMb() + AS_HEADROOM_MB) * 1024L * 1024L, "--"));
        cmd.addAll(command);
        return cmd;
    }

    /**
     * Starts a contained {@code true}. Namespaces can be unavailable even with bwrap installed
     * (user namespaces disabled by sysctl, a container without the right capabilities).
     */
    private void selfTest() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("lean-agent-sandbox-test");
            Process p = new ProcessBuilder(wrap(List.of("true"), new SandboxSpec(dir, 256, Map.of())))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SandboxUnavailableException("bubblewrap did not start a process within 30 s");
            }
            if (p.exitValue() != 0) {
                throw new SandboxUnavailableException("bubblewrap is installed but cannot create a sandbox here: "
                        + out.strip() + "\nIt needs user namespaces: as root check "
                        + "'sysctl kernel.unprivileged_userns_clone' (Debian) and 'user.max_user_namespaces'; "
                        + "inside Docker, run the container with --security-opt seccomp=unconfined or --privileged.");
            }
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot run bubblewrap: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted while testing the sandbox");
        } finally {
            if (dir != null) WorkDirs.deleteQuietly(dir);
        }
    }

    private static Path which(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
