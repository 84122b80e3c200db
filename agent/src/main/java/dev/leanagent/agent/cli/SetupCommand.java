package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.LeanSettings;
import dev.leanagent.bridge.sandbox.Sandbox;
import dev.leanagent.bridge.sandbox.SandboxUnavailableException;
import dev.leanagent.bridge.sandbox.WorkDirs;
import dev.leanagent.bridge.toolchain.install.LeanInstaller;
import dev.leanagent.bridge.toolchain.install.MachineSetup;
import dev.leanagent.bridge.toolchain.install.StepResult;
import dev.leanagent.minif2f.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "setup", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prepare this machine for lean-agent: checks Java, Lean " + Workspace.LEAN_VERSION + " and the "
                + "bubblewrap sandbox, and provides what is missing, saying what it does: Lean through elan (installed "
                + "first when absent) or from --lean-archive, into elan's toolchains directory where lean-agent finds "
                + "it without LEAN_HOME; bubblewrap with apt-get when run as root, otherwise it prints the command.",
                "",
                "Run again, it changes nothing. Offline with nothing to install from, it names each missing part and "
                        + "how to provide it. With --dir it also prepares a miniF2F workspace there (`bench minif2f setup`).",
                "Exit status: 0 when everything is ready, 2 when something is missing."})
public final class SetupCommand implements Callable<Integer> {

    @Option(names = "--lean-archive", paramLabel = "FILE|URL", description = "Install Lean " + Workspace.LEAN_VERSION
            + " from this release archive (lean-" + Workspace.LEAN_VERSION + "-linux.tar.gz, a file or URL) instead of "
            + "with elan.")
    String leanArchive;

    @Option(names = "--dir", paramLabel = "DIR", description = "Also prepare a miniF2F workspace in DIR.")
    Path dir;

    @Option(names = "--mirror", paramLabel = "DIR|URL", description = "With --dir: take the miniF2F archives from here "
            + "(see `bench minif2f setup --help`).")
    String mirror;

    @Option(names = "--jobs", paramLabel = "N", description = "With --dir: parallel jobs compiling mathlib when there "
            + "is no olean cache.")
    Integer jobs;

    @Mixin
    GlobalOptions global;

    /** What the checks run against; fields so tests can give a temporary home and a sandbox that fails. */
    Map<String, String> env = System.getenv();
    boolean root = isRoot();
    Supplier<Optional<String>> sandboxProblem = SetupCommand::sandboxProblem;
    PrintStream progress = System.err;
    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Config config = global.config();
        Path scratch = Files.createTempDirectory("lean-agent-setup");
        List<StepResult> steps;
        try {
            progress.println("lean-agent: preparing this machine");
            LeanInstaller.Options lean = new LeanInstaller.Options(Workspace.LEAN_VERSION, LeanSettings.from(config).home(), env,
                    Optional.ofNullable(leanArchive).map(a -> MiniF2FSetupCommand.address("--lean-archive", a)),
                    MiniF2FSetupCommand.uri(config.getConfig("lean-agent.minif2f.setup"), "elan-init"), scratch);
            steps = new MachineSetup(new MachineSetup.Options(lean, root, sandboxProblem), progress).run();
        } finally {
            WorkDirs.deleteQuietly(scratch);
        }
        List<StepResult> missing = steps.stream().filter(s -> !s.ready()).toList();
        if (!missing.isEmpty()) {
            out.println("This machine is not ready for lean-agent:");
            MiniF2FSetupCommand.printMissing(missing, out);
            return 2;
        }
        out.println("Everything is ready. Try: ./lean-agent prove examples/core.lean");
        if (dir == null) return 0;
        MiniF2FSetupCommand workspace = new MiniF2FSetupCommand();
        workspace.dir = dir;
        workspace.mirror = mirror;
        workspace.leanArchive = leanArchive;
        workspace.jobs = jobs;
        return workspace.prepare(config, env, progress, out);
    }

    private static Optional<String> sandboxProblem() {
        try {
            Sandbox.detect();
            return Optional.empty();
        } catch (SandboxUnavailableException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
