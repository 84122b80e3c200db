package dev.leanagent.bridge.toolchain.install;

import dev.leanagent.bridge.sandbox.WorkDirs;
import dev.leanagent.bridge.toolchain.LeanNotFoundException;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.bridge.toolchain.ToolchainLocator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provides one Lean 3 version: finds it where {@link ToolchainLocator} looks, or installs it into
 * elan's toolchains directory ({@code $ELAN_HOME/toolchains/leanprover-community--lean---VERSION}),
 * where the locator finds it afterwards without a LEAN_HOME. The source is a release archive when
 * one is given (a file, a mirror's copy, a URL), otherwise elan (installed first when absent).
 * What cannot be provided is reported with how to provide it by hand.
 */
public final class LeanInstaller {

    /**
     * @param configuredHome a Lean home from the settings, preferred over the environment
     * @param env            the environment (LEAN_HOME, PATH, HOME, ELAN_HOME), a parameter so tests control it
     * @param archive        a Lean release archive ({@code lean-VERSION-linux.tar.gz}, one top folder) to install from
     * @param elanInit       elan's installer script, used when there is no archive and no elan
     * @param scratch        where downloads go while they are unpacked
     */
    public record Options(String version, Optional<Path> configuredHome, Map<String, String> env, Optional<URI> archive,
                          URI elanInit, Path scratch) {
    }

    /** The step to report, and the toolchain when it is ready. */
    public record Provided(StepResult step, Optional<LeanToolchain> toolchain) {
    }

    private final Options options;
    private final PrintStream out;
    private final Downloader downloader;
    private final String part;

    public LeanInstaller(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.downloader = new Downloader(out);
        this.part = "Lean " + options.version();
    }

    /** elan's name for the toolchain, e.g. {@code leanprover-community/lean:3.42.1}. */
    public String elanToolchain() {
        return "leanprover-community/lean:" + options.version();
    }

    /** Where elan keeps that toolchain, and where an archive is installed. */
    public Path toolchainDir() {
        return ToolchainLocator.elanHome(options.env()).resolve("toolchains")
                .resolve("leanprover-community--lean---" + options.version());
    }

    /** Lean's release archive on GitHub, what elan itself downloads. */
    public String releaseUrl() {
        return "https://github.com/leanprover-community/lean/releases/download/v" + options.version() + "/lean-"
                + options.version() + "-linux.tar.gz";
    }

    public Provided provide() throws IOException {
        try {
            LeanToolchain t = find();
            return new Provided(StepResult.ready(part, t.describe() + noteIfNotPreferred(t)), Optional.of(t));
        } catch (Gap gap) {
            return new Provided(gap.result, Optional.empty());
        }
    }

    private LeanToolchain find() throws IOException, Gap {
        Optional<LeanToolchain> found = located();
        if (found.isPresent() && found.get().version().equals(options.version())) return found.get();
        String why = found.map(t -> t.describe() + ", not " + options.version()).orElse("no Lean 3 found");
        Path pinned = toolchainDir();
        Optional<LeanToolchain> installed = atHome(pinned);
        if (installed.isPresent()) return installed.get();
        if (options.archive().isPresent()) return fromArchive(options.archive().get(), pinned, why);
        return withElan(pinned, why);
    }

    private Optional<LeanToolchain> located() {
        try {
            return Optional.of(new ToolchainLocator(options.env()).locate(options.configuredHome()));
        } catch (LeanNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Says so when lean-agent's own search would pick another Lean than the one provided. */
    private String noteIfNotPreferred(LeanToolchain provided) {
        Optional<LeanToolchain> first = located();
        if (first.isEmpty() || first.get().lean().equals(provided.lean())) return "";
        return "; note: lean-agent finds " + first.get().describe() + " first; set LEAN_HOME="
                + provided.lean().getParent().getParent() + " (or lean.home) to use this one";
    }

    private Optional<LeanToolchain> atHome(Path home) {
        if (!Files.isDirectory(home)) return Optional.empty();
        try {
            LeanToolchain t = new ToolchainLocator(options.env()).locate(Optional.of(home));
            if (!t.version().equals(options.version())) return Optional.empty();
            return Optional.of(new LeanToolchain(t.lean(), t.version(), t.corePath(), "elan toolchain " + home.getFileName()));
        } catch (LeanNotFoundException e) {
            return Optional.empty();
        }
    }

    // ---- from a release archive ---------------------------------------------------------------

    private LeanToolchain fromArchive(URI archive, Path pinned, String why) throws IOException, Gap {
        out.println("      " + why + "; installing " + part + " from " + archive + " into " + pinned);
        if (Files.exists(pinned)) {
            throw gap(pinned + " exists but holds no working " + part, "remove " + pinned + " and run set-up again");
        }
        Downloader.Fetched fetched;
        try {
            fetched = downloader.obtain(archive, options.scratch().resolve("lean-" + options.version() + "-linux.tar.gz"));
        } catch (DownloadException e) {
            throw gap(e.getMessage(), byHand());
        }
        Path staging = pinned.resolveSibling("." + pinned.getFileName() + ".unpacking");
        WorkDirs.deleteQuietly(staging);
        int files;
        try {
            files = Archives.extract(fetched.file(), staging, 1, p -> true);
        } catch (IOException e) {
            WorkDirs.deleteQuietly(staging);
            throw gap(archive + " could not be unpacked: " + e.getMessage(), byHand());
        } finally {
            fetched.release();
        }
        Files.move(staging, pinned);
        Optional<LeanToolchain> t = atHome(pinned);
        if (t.isEmpty()) {
            String held = describeHome(pinned);
            WorkDirs.deleteQuietly(pinned);
            throw gap(archive + " does not hold a working " + part + " (" + held + ")", byHand());
        }
        out.println("      unpacked " + files + " files");
        return t.get();
    }

    private String describeHome(Path home) {
        try {
            return new ToolchainLocator(options.env()).locate(Optional.of(home)).describe();
        } catch (LeanNotFoundException e) {
            return "no Lean 3 binary in it";
        }
    }

    // ---- with elan ----------------------------------------------------------------------------

    private LeanToolchain withElan(Path pinned, String why) throws IOException, Gap {
        out.println("      " + why + "; installing " + elanToolchain() + " with elan");
        Path elan = elan().orElse(null);
        if (elan == null) elan = installElan();
        int rc = Commands.run(List.of(elan.toString(), "toolchain", "install", elanToolchain()), null, elanEnv(), out);
        if (rc != 0) {
            throw gap("`elan toolchain install " + elanToolchain() + "` failed (exit " + rc + ")", byHand());
        }
        return atHome(pinned).orElseThrow(() -> gap("elan reported success but " + pinned + " holds no working " + part,
                "set LEAN_HOME to a Lean " + options.version() + " and run set-up again"));
    }

    /** The environment elan runs in: the caller's, with ELAN_HOME made explicit so elan installs where we look. */
    private Map<String, String> elanEnv() {
        Map<String, String> env = new HashMap<>(options.env());
        env.put("ELAN_HOME", ToolchainLocator.elanHome(options.env()).toString());
        return env;
    }

    private Optional<Path> elan() {
        Path inHome = ToolchainLocator.elanHome(options.env()).resolve("bin").resolve("elan");
        if (Files.isExecutable(inHome)) return Optional.of(inHome);
        for (String d : options.env().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "elan"))) return Optional.of(Path.of(d, "elan"));
        }
        return Optional.empty();
    }

    private Path installElan() throws IOException, Gap {
        Path script = options.scratch().resolve("elan-init.sh");
        out.println("      elan not found; downloading its installer from " + options.elanInit());
        Downloader.Fetched fetched;
        try {
            fetched = downloader.obtain(options.elanInit(), script);
        } catch (DownloadException e) {
            throw gap(e.getMessage(), byHand());
        }
        int rc;
        try {
            rc = Commands.run(List.of("sh", fetched.file().toString(), "-y", "--default-toolchain", "none", "--no-modify-path"),
                    null, elanEnv(), out);
        } finally {
            fetched.release();
        }
        return elan().filter(e -> rc == 0).orElseThrow(() -> gap("elan's installer failed (exit " + rc + ")", byHand()));
    }

    /** How to provide this Lean by hand: an archive from anywhere it can be copied, or elan where GitHub is reachable. */
    private String[] byHand() {
        List<String> todo = new ArrayList<>();
        todo.add("give set-up Lean's release archive with --lean-archive FILE|URL: " + releaseUrl()
                + " (a copy on a mirror or a USB stick works; it is installed into " + toolchainDir() + "),");
        todo.add("or, where GitHub is reachable, install it with elan:");
        ToolchainLocator.INSTALL_HINT.strip().lines().skip(1).map(String::strip)
                .map(l -> l.replace("3.42.1", options.version())).forEach(l -> todo.add("  " + l));
        return todo.toArray(String[]::new);
    }

    private Gap gap(String detail, String... todo) {
        return new Gap(StepResult.missing(part, detail, todo));
    }

    /** A Lean that cannot be provided now; carries the result to report. */
    private static final class Gap extends Exception {
        final StepResult result;

        Gap(StepResult result) {
            super(result.detail(), null, false, false);
            this.result = result;
        }
    }
}
