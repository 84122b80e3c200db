package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.LeanSettings;
import dev.leanagent.agent.UsageException;
import dev.leanagent.bridge.toolchain.install.StepResult;
import dev.leanagent.minif2f.setup.SetupOutcome;
import dev.leanagent.minif2f.setup.SetupSources;
import dev.leanagent.minif2f.setup.WorkspaceSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "setup", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prepare a miniF2F workspace: Lean 3.42.1 (through elan), miniF2F and mathlib at their pinned "
                + "commits, and mathlib compiled for miniF2F's imports (its olean cache when still served, otherwise "
                + "`lean --make`: hours on a few cores, resumed when run again).",
                "",
                "Each part is checked first and only provided when missing; offline, set-up says what is missing and "
                        + "how to provide it by hand. Then: `bench minif2f --split valid --minif2f DIR`.",
                "Exit status: 0 when the workspace is complete, 2 when something is missing."})
final class MiniF2FSetupCommand implements Callable<Integer> {

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The workspace directory (created if needed).")
    Path dir;

    @Option(names = "--jobs", paramLabel = "N", description = "Parallel jobs compiling mathlib (default: one per core; "
            + "each may take 3 GB).")
    Integer jobs;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        Config config = global.config();
        Config c = config.getConfig("lean-agent.minif2f.setup");
        SetupSources sources = new SetupSources(uri(c, "minif2f-archive"), uri(c, "mathlib-archive"), uri(c, "olean-cache"),
                uri(c, "elan-init"));
        int j = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (j < 1) throw new UsageException("--jobs must be at least 1");
        LeanSettings lean = LeanSettings.from(config);
        SetupOutcome outcome = new WorkspaceSetup(new WorkspaceSetup.Options(dir, sources, lean.home(), System.getenv(), j),
                System.err).run();
        if (outcome.complete()) {
            System.out.println("miniF2F workspace ready in " + dir.toAbsolutePath().normalize() + ". Run:\n  ./lean-agent bench "
                    + "minif2f --split valid --minif2f " + dir);
            return 0;
        }
        System.out.println("The miniF2F workspace in " + dir.toAbsolutePath().normalize() + " is incomplete:");
        for (StepResult s : outcome.missing()) {
            System.out.println("  - " + s.part() + ": " + s.detail());
            s.todo().forEach(t -> System.out.println("      " + t));
        }
        System.out.println("Run the same command again once that is done; what is in place is kept.");
        return 2;
    }

    private static URI uri(Config c, String key) {
        try {
            return URI.create(c.getString(key));
        } catch (IllegalArgumentException e) {
            throw new UsageException("lean-agent.minif2f.setup." + key + " is not a URL: " + e.getMessage());
        }
    }
}
