package dev.leanagent.bridge.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Contains every Lean process with bubblewrap: tactic text is code (LEAN3-NOTES.md), and a
 * blocklist of names cannot be made complete, so the operating system does the containing.
 *
 * <ul>
 *   <li>it sees only what a Lean process needs, read-only: the system ({@code /usr}, the
 *       {@code /lib*} and {@code /bin} links, the dynamic linker's files in {@code /etc}), the
 *       installation its program comes from, and the directories on its {@code LEAN_PATH}; the
 *       user's home and every other file stay out of its mount namespace;</li>
 *   <li>the work directory and an in-memory {@code /tmp} are the only writable places, and both
 *       vanish with the process;</li>
 *   <li>new PID, network, IPC and UTS namespaces: no network, no view of other processes;</li>
 *   <li>its own session and process group ({@code --new-session}, which also stops a tactic from
 *       pushing keystrokes into our terminal), killed with us ({@code --die-with-parent}): when
 *       the PID namespace's first process dies the kernel kills every process in it;</li>
 *   <li>an address-space limit ({@code prlimit --as}) above Lean's own {@code -M}, and a cap on
 *       its processes and threads ({@code prlimit --nproc}).</li>
 * </ul>
 * The kernel never applies the process cap to the real root user, whatever the namespaces, so
 * when we run as root the contained process runs as an unprivileged user of its own
 * ({@code setpriv}, no capabilities), which owns the work directory; otherwise bubblewrap's user
 * namespace does the job (unprivileged user namespaces must be on).
 */
public final class Sandbox {

    /** Address space beyond Lean's -M: thread stacks, the VM, mapped .olean files. */
    static final long AS_HEADROOM_MB = 2048;

    /** The system a dynamically linked Lean and a shell need; links (merged /usr) stay links. */
    private static final List<String> SYSTEM_DIRS = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64",
            "/libx32");
    private static final List<String> SYSTEM_FILES = List.of("/etc/ld.so.cache", "/etc/ld.so.conf",
            "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime");

    /** Host user ids for contained processes when we are root: far above any account's. */
    private static final long FIRST_SANDBOX_UID = 1_000_000_000L;
    private static final AtomicInteger NEXT_UID = new AtomicInteger();

    private final Path bwrap;
    private final Path prlimit;
    /** Set when we run as root: the contained process drops to a user of its own. */
    private final Path setpriv;

    private Sandbox(Path bwrap, Path prlimit, Path setpriv) {
        this.bwrap = bwrap;
        this.prlimit = prlimit;
        this.setpriv = setpriv;
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
                    + "memory and processes. Install util-linux.");
        }
        Path setpriv = null;
        if (runningAsRoot()) {
            setpriv = which("setpriv");
            if (setpriv == null) {
                throw new SandboxUnavailableException("running as root, a Lean process must drop to an unprivileged "
                        + "user (the kernel does not cap root's processes), and 'setpriv' (util-linux) is missing. "
                        + "Install util-linux, or run lean-agent as an ordinary user.");
            }
        }
        Sandbox s = new Sandbox(bwrap, prlimit, setpriv);
        s.selfTest();
        return s;
    }

    /**
     * The command line that runs {@code command} contained as {@code spec} says. When we run as
     * root this also hands the work directory to the contained process's user.
     */
    public List<String> wrap(List<String> command, SandboxSpec spec) {
        Path work = spec.workDir().toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of(bwrap.toString()));
        for (String dir : SYSTEM_DIRS) {
            Path p = Path.of(dir);
            if (Files.isSymbolicLink(p)) {
                cmd.addAll(List.of("--symlink", readLink(p), dir));
            } else if (Files.isDirectory(p)) {
                cmd.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        for (String file : SYSTEM_FILES) {
            if (!Files.exists(Path.of(file), LinkOption.NOFOLLOW_LINKS)) continue;
            mountPoint(cmd, Path.of(file));
            cmd.addAll(List.of("--ro-bind", file, file));
        }
        cmd.addAll(List.of("--dev", "/dev", "--proc", "/proc", "--perms", "1777", "--tmpfs", "/tmp"));
        for (Path dir : readable(command, spec)) {
            mountPoint(cmd, dir);
            cmd.addAll(List.of("--ro-bind", dir.toString(), dir.toString()));
        }
        mountPoint(cmd, work);
        cmd.addAll(List.of("--bind", work.toString(), work.toString(), "--chdir", work.toString()));
        if (setpriv != null) {
            // No user namespace: it would keep host root as the owner and so lift the process cap.
            cmd.addAll(List.of("--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                    "--unshare-cgroup-try"));
        } else {
            cmd.addAll(List.of("--unshare-all", "--cap-drop", "ALL"));
        }
        cmd.addAll(List.of("--die-with-parent",
                "--new-session",
                "--clearenv",
                "--setenv", "HOME", work.toString(),
                "--setenv", "TMPDIR", work.toString(),
                "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin"));
        for (Map.Entry<String, String> e : spec.env().entrySet()) {
            cmd.addAll(List.of("--setenv", e.getKey(), e.getValue()));
        }
        cmd.addAll(List.of("--", prlimit.toString(),
                "--as=" + (spec.memoryMb() + AS_HEADROOM_MB) * 1024L * 1024L,
                "--nproc=" + spec.maxProcesses(), "--"));
        if (setpriv != null) {
            long uid = FIRST_SANDBOX_UID + ProcessHandle.current().pid() % 1_000_000 * 1000
                    + Math.floorMod(NEXT_UID.getAndIncrement(), 1000);
            handOver(work, uid);
            cmd.addAll(List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"));
        }
        cmd.addAll(command);
        return cmd;
    }

    /**
     * What the process may read besides the system: the installation its program comes from
     * ({@code DIR} of {@code DIR/bin/lean}), the directories on its {@code LEAN_PATH}, and what
     * the spec names. A link is followed, and the target is shown at both places.
     */
    static Set<Path> readable(List<String> command, SandboxSpec spec) {
        List<Path> wanted = new ArrayList<>();
        Path program = Path.of(command.get(0));
        if (program.isAbsolute()) {
            Path real = realPath(program);
            Path dir = real.getParent();
            if (dir != null && dir.getFileName() != null && dir.getFileName().toString().equals("bin")
                    && dir.getParent() != null) {
                dir = dir.getParent();
            }
            if (dir != null) wanted.add(dir);
        }
        String leanPath = spec.env().get("LEAN_PATH");
        if (leanPath != null) {
            for (String entry : leanPath.split(":")) {
                if (!entry.isBlank()) wanted.add(Path.of(entry));
            }
        }
        wanted.addAll(spec.readable());
        Set<Path> out = new LinkedHashSet<>();
        for (Path p : wanted) {
            Path abs = p.toAbsolutePath().normalize();
            if (abs.getParent() == null) continue; // never the whole file system
            // A missing one cannot be read anyway, and its mount point could not be made in a
            // read-only parent.
            if (!Files.isDirectory(abs)) continue;
            out.add(abs);
            out.add(realPath(abs));
        }
        return out;
    }

    /**
     * Creates the missing parents of a mount point world-traversable: bubblewrap makes them
     * {@code 0700}, closed to an unprivileged contained user (a toolchain in {@code /root/lean} or
     * {@code /tmp/home/.cache}). Existing directories (a bound {@code /usr}) are left as they are.
     */
    private static void mountPoint(List<String> cmd, Path target) {
        List<Path> parents = new ArrayList<>();
        for (Path p = target.getParent(); p != null && p.getParent() != null; p = p.getParent()) parents.add(0, p);
        for (Path p : parents) {
            if (p.equals(Path.of("/tmp")) || p.startsWith("/proc") || p.startsWith("/dev")) continue;
            cmd.addAll(List.of("--perms", "0755", "--dir", p.toString()));
        }
    }

    /** Gives the work directory and what is in it to the contained user, who must write there. */
    private static void handOver(Path work, long uid) {
        try {
            UserPrincipalLookupService users = work.getFileSystem().getUserPrincipalLookupService();
            var owner = users.lookupPrincipalByName(Long.toString(uid));
            var group = users.lookupPrincipalByGroupName(Long.toString(uid));
            try (Stream<Path> files = Files.walk(work)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.setOwner(f, owner);
                    Files.getFileAttributeView(f, java.nio.file.attribute.PosixFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS).setGroup(group);
                }
            }
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot hand the work directory " + work
                    + " to the sandbox's user " + uid + ": " + e.getMessage());
        }
    }

    private static boolean runningAsRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return link.toString();
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    /**
     * Starts a contained {@code true}. Namespaces can be unavailable even with bwrap installed
     * (user namespaces disabled by sysctl, a container without the right capabilities).
     */
    private void selfTest() {
        Path dir = null;
        try {
            dir = WorkDirs.create("lean-agent-sandbox-test");
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
