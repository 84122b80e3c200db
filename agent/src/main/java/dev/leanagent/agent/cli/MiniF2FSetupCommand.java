package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.LeanSettings;
import dev.leanagent.agent.UsageException;
import dev.leanagent.bridge.toolchain.install.Downloader;
import dev.leanagent.bridge.toolchain.install.StepResult;
import dev.leanagent.minif2f.setup.SetupOutcome;
import dev.leanagent.minif2f.setup.SetupSources;
import dev.leanagent.minif2f.setup.WorkspaceSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "setup", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prepare a miniF2F workspace: Lean 3.42.1 (through elan, or from --lean-archive), miniF2F and "
                + "mathlib at their pinned commits, and mathlib compiled for miniF2F's imports (its olean cache when "
                + "available, otherwise `lean --make`: hours on a few cores, resumed when run again).",
                "",
                "Every source can be a mirror: --mirror DIR takes each archive by the file name the internet serves it "
                        + "under, and the addresses in lean-agent.minif2f.setup accept file: URLs and paths.",
                "Each part is checked first and only provided when missing; offline, set-up says what is missing and "
                        + "how to provide it by hand. Then: `bench minif2f --split valid --minif2f DIR`.",
                "Exit status: 0 when the workspace is complete, 2 when something is missing."})
final class MiniF2FSetupCommand implements Callable<Integer> {

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The workspace directory (created if needed).")
    Path dir;

    @Option(names = "--mirror", paramLabel = "DIR|URL", description = "Take the miniF2F and mathlib archives and the olean "
            + "cache from here, by their file names: " + SetupSources.MINIF2F_FILE + ", " + SetupSources.MATHLIB_FILE + ", "
            + SetupSources.OLEAN_CACHE_FILE + ".")
    String mirror;

    @Option(names = "--lean-archive", paramLabel = "FILE|URL", description = "Install Lean 3.42.1 from this release archive "
            + "(lean-3.42.1-linux.tar.gz) into elan's toolchains directory, instead of with elan.")
    String leanArchive;

    @Option(names = "--jobs", paramLabel = "N", description = "Parallel jobs compiling mathlib (default: one per core; "
            + "each may take 3 GB).")
    Integer jobs;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        return prepare(global.config(), System.getenv(), System.err, System.out);
    }

    /** Prepares the workspace; progress goes to {@code progress}, the verdict to {@code out}. Exit status 0 or 2. */
    int prepare(Config config, Map<String, String> env, PrintStream progress, PrintStream out) throws IOException {
        Config c = config.getConfig("lean-agent.minif2f.setup");
        SetupSources sources = mirror != null ? SetupSources.mirror(address("--mirror", mirror), uri(c, "elan-init"))
                : new SetupSources(uri(c, "minif2f-archive"), uri(c, "mathlib-archive"), uri(c, "olean-cache"), uri(c, "elan-init"));
        int j = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (j < 1) throw new UsageException("--jobs must be at least 1");
        LeanSettings lean = LeanSettings.from(config);
        SetupOutcome outcome = new WorkspaceSetup(new WorkspaceSetup.Options(dir, sources, lean.home(), env, j,
                Optional.ofNullable(leanArchive).map(a -> address("--lean-archive", a))), progress).run();
        if (outcome.complete()) {
            out.println("miniF2F workspace ready in " + dir.toAbsolutePath().normalize() + ". Run:\n  ./lean-agent bench "
                    + "minif2f --split valid --minif2f " + dir);
            return 0;
        }
        out.println("The miniF2F workspace in " + dir.toAbsolutePath().normalize() + " is incomplete:");
        printMissing(outcome.missing(), out);
        return 2;
    }

    /** Each missing part with how to provide it, and that running again keeps what is there. */
    static void printMissing(List<StepResult> missing, PrintStream out) {
        for (StepResult s : missing) {
            out.println("  - " + s.part() + ": " + s.detail());
            s.todo().forEach(t -> out.println("      " + t));
        }
        out.println("Run the same command again once that is done; what is in place is kept.");
    }

    static URI uri(Config c, String key) {
        return address("lean-agent.minif2f.setup." + key, c.getString(key));
    }

    /** A URL, or a local path (a mirror). */
    static URI address(String what, String value) {
        try {
            return Downloader.address(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(what + " is neither a URL nor a path: " + e.getMessage());
        }
    }
}
