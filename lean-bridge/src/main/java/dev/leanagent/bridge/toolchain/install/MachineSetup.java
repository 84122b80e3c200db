package dev.leanagent.bridge.toolchain.install;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Prepares a machine for lean-agent: checks each prerequisite (Java, Lean 3, the bubblewrap
 * sandbox) and provides what is missing where it can, saying what it does. Run again, it finds
 * everything in place and changes nothing. What it cannot provide (offline, not root) is
 * reported with the exact command that provides it.
 */
public final class MachineSetup {

    /** The oldest Java the project builds for. */
    static final int JAVA_FEATURE = 17;

    /**
     * @param lean           how to provide Lean (version, archive, elan's installer, the environment)
     * @param root           whether this process may install system packages
     * @param sandboxProblem why no sandbox can be made here, empty when it works (probed again after an install)
     */
    public record Options(LeanInstaller.Options lean, boolean root, Supplier<Optional<String>> sandboxProblem) {
    }

    private final Options options;
    private final PrintStream out;

    public MachineSetup(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public List<StepResult> run() throws IOException {
        List<StepResult> steps = new ArrayList<>();
        out.println("[1/3] Java " + JAVA_FEATURE + "+");
        steps.add(report(java()));
        out.println("[2/3] Lean " + options.lean().version());
        steps.add(report(new LeanInstaller(options.lean(), out).provide().step()));
        out.println("[3/3] sandbox (bubblewrap)");
        steps.add(report(sandbox()));
        return steps;
    }

    private StepResult report(StepResult r) {
        out.println(r.ready() ? "      ready: " + r.detail() : "      MISSING: " + r.detail());
        return r;
    }

    private static StepResult java() {
        Runtime.Version v = Runtime.version();
        String detail = "Java " + v + " at " + System.getProperty("java.home");
        if (v.feature() >= JAVA_FEATURE) return StepResult.ready("Java", detail);
        return StepResult.missing("Java", detail + ", older than " + JAVA_FEATURE,
                "install a JDK " + JAVA_FEATURE + " or newer (Debian/Ubuntu: sudo apt-get install openjdk-17-jdk) and put it first on PATH");
    }

    // ---- sandbox -----------------------------------------------------------------------------

    private StepResult sandbox() throws IOException {
        Optional<String> problem = options.sandboxProblem().get();
        if (problem.isEmpty()) return StepResult.ready("sandbox", "bubblewrap works here");
        List<String> packages = new ArrayList<>();
        if (which("bwrap").isEmpty()) packages.add("bubblewrap");
        if (which("prlimit").isEmpty()) packages.add("util-linux");
        if (packages.isEmpty()) {
            // installed but not allowed to make namespaces: only the administrator can change that
            return StepResult.missing("sandbox", firstLine(problem.get()), problem.get().lines().skip(1).toArray(String[]::new));
        }
        Optional<Path> aptGet = which("apt-get");
        if (options.root() && aptGet.isPresent()) {
            out.println("      installing " + String.join(" ", packages) + " with apt-get");
            if (aptInstall(aptGet.get(), packages) != 0) {
                out.println("      refreshing apt's package lists and trying again");
                Commands.run(List.of(aptGet.get().toString(), "update"), null, aptEnv(), out);
                aptInstall(aptGet.get(), packages);
            }
            problem = options.sandboxProblem().get();
            if (problem.isEmpty()) return StepResult.ready("sandbox", "bubblewrap installed with apt-get, and it works here");
            return StepResult.missing("sandbox", firstLine(problem.get()), installCommands(packages, false));
        }
        return StepResult.missing("sandbox", firstLine(problem.get()), installCommands(packages, !options.root()));
    }

    private int aptInstall(Path aptGet, List<String> packages) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(aptGet.toString(), "install", "-y", "--no-install-recommends"));
        cmd.addAll(packages);
        return Commands.run(cmd, null, aptEnv(), out);
    }

    private Map<String, String> aptEnv() {
        Map<String, String> env = new HashMap<>(options.lean().env());
        env.put("DEBIAN_FRONTEND", "noninteractive");
        return env;
    }

    /** The command for this machine's package manager; apt-get's with the others beside it when none is found. */
    private String[] installCommands(List<String> packages, boolean sudo) {
        String p = String.join(" ", packages);
        String s = sudo ? "sudo " : "";
        boolean apt = which("apt-get").isPresent();
        String command;
        if (!apt && which("dnf").isPresent()) command = s + "dnf install " + p;
        else if (!apt && which("pacman").isPresent()) command = s + "pacman -S " + p;
        else command = s + "apt-get install " + p + (apt ? "" : "   (Fedora: dnf install " + p + "; Arch: pacman -S " + p + ")");
        return new String[] {"run: " + command, "then run `lean-agent setup` again"};
    }

    /** Looks on the PATH of the environment given, which tests control. */
    private Optional<Path> which(String name) {
        for (String d : options.lean().env().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse(s);
    }
}
