package dev.leanagent.minif2f.setup;

import dev.leanagent.bridge.toolchain.LeanNotFoundException;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.bridge.toolchain.ToolchainLocator;
import dev.leanagent.minif2f.Workspace;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Prepares a miniF2F workspace in one directory: the pinned Lean (through elan), miniF2F and
 * mathlib at their pinned commits, and mathlib compiled for miniF2F's imports. Each part is
 * checked first and only provided when missing, so set-up can be run again after an interruption
 * or offline: then it says, per missing part, how to provide it by hand.
 *
 * <p>Layout: {@code DIR/miniF2F}, {@code DIR/mathlib}, {@code DIR/downloads} (archives, removed
 * once unpacked) and {@code DIR/workspace.json} (see {@link WorkspaceManifest}).
 */
public final class WorkspaceSetup {

    static final String ELAN_TOOLCHAIN = "leanprover-community/lean:" + Workspace.LEAN_VERSION;
    /** Files in miniF2F's import closure, measured on mathlib cb2b02ff; for progress lines only. */
    static final int CLOSURE_FILES = 992;

    /**
     * @param leanHome a Lean home from the settings, preferred over the environment
     * @param env      the environment (LEAN_HOME, PATH, HOME, ELAN_HOME), a parameter so tests control it
     * @param jobs     parallel jobs of {@code lean --make}
     */
    public record Options(Path dir, SetupSources sources, Optional<Path> leanHome, Map<String, String> env, int jobs) {
    }

    private final Options options;
    private final PrintStream out;
    private final Downloader downloader;
    private final Path dir;

    public WorkspaceSetup(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.downloader = new Downloader(out);
        this.dir = options.dir().toAbsolutePath().normalize();
    }

    public SetupOutcome run() throws IOException {
        Files.createDirectories(dir);
        out.println("lean-agent: preparing a miniF2F workspace in " + dir);
        List<StepResult> steps = new ArrayList<>();
        Optional<LeanToolchain> lean = Optional.empty();

        out.println("[1/4] Lean " + Workspace.LEAN_VERSION);
        StepResult leanStep;
        try {
            lean = Optional.of(lean());
            leanStep = StepResult.ready("Lean " + Workspace.LEAN_VERSION, lean.get().describe());
        } catch (SetupGap gap) {
            leanStep = gap.result;
        }
        steps.add(report(leanStep));

        Path minif2f = dir.resolve("miniF2F");
        out.println("[2/4] miniF2F " + SetupSources.MINIF2F_COMMIT.substring(0, 8));
        steps.add(report(source("miniF2F", minif2f, minif2f.resolve("lean/src/valid.lean"), options.sources().minif2fArchive(),
                "git clone https://github.com/facebookresearch/miniF2F " + minif2f + " && git -C " + minif2f
                        + " checkout " + SetupSources.MINIF2F_COMMIT)));

        Path mathlib = dir.resolve("mathlib");
        out.println("[3/4] mathlib " + Workspace.MATHLIB_COMMIT.substring(0, 8));
        steps.add(report(source("mathlib", mathlib, mathlib.resolve("leanpkg.toml"), options.sources().mathlibArchive(),
                "git clone https://github.com/leanprover-community/mathlib " + mathlib + " && git -C " + mathlib
                        + " checkout " + Workspace.MATHLIB_COMMIT)));

        out.println("[4/4] mathlib compiled for miniF2F's imports");
        boolean sourcesReady = steps.stream().allMatch(StepResult::ready);
        steps.add(report(sourcesReady ? compiled(lean.orElseThrow(), mathlib, minif2f)
                : StepResult.missing("compiled mathlib", "waits for the parts above",
                "run set-up again once they are in place; it compiles what miniF2F imports")));

        if (!steps.stream().allMatch(StepResult::ready)) return new SetupOutcome(steps, Optional.empty());
        LeanToolchain t = lean.orElseThrow();
        WorkspaceManifest m = new WorkspaceManifest("miniF2F", List.of("mathlib/src", "miniF2F/lean/src"),
                t.lean().getParent().getParent().toString(), t.version(), Workspace.MATHLIB_COMMIT,
                SetupSources.MINIF2F_COMMIT, Instant.now().toString());
        m.write(dir);
        return new SetupOutcome(steps, Optional.of(m));
    }

    private StepResult report(StepResult r) {
        out.println(r.ready() ? "      ready: " + r.detail() : "      MISSING: " + r.detail());
        return r;
    }

    // ---- Lean --------------------------------------------------------------------------------

    private LeanToolchain lean() throws IOException, SetupGap {
        ToolchainLocator locator = new ToolchainLocator(options.env());
        Optional<LeanToolchain> found = Optional.empty();
        String why = "";
        try {
            found = Optional.of(locator.locate(options.leanHome()));
        } catch (LeanNotFoundException e) {
            why = "no Lean 3 found";
        }
        if (found.isPresent() && found.get().version().equals(Workspace.LEAN_VERSION)) return found.get();
        if (found.isPresent()) why = found.get().describe() + ", not " + Workspace.LEAN_VERSION;
        Path pinned = elanHome().resolve("toolchains").resolve("leanprover-community--lean---" + Workspace.LEAN_VERSION);
        Optional<LeanToolchain> installed = atHome(pinned);
        if (installed.isPresent()) return installed.get();

        out.println("      " + why + "; installing " + ELAN_TOOLCHAIN + " with elan");
        Path elan = elan().orElse(null);
        if (elan == null) elan = installElan();
        int rc = Commands.run(List.of(elan.toString(), "toolchain", "install", ELAN_TOOLCHAIN), null, elanEnv(), out);
        if (rc != 0) {
            throw new SetupGap(StepResult.missing("Lean " + Workspace.LEAN_VERSION,
                    "`elan toolchain install " + ELAN_TOOLCHAIN + "` failed (exit " + rc + ")",
                    "elan downloads Lean from GitHub: run `" + elan + " toolchain install " + ELAN_TOOLCHAIN
                            + "` where GitHub is reachable,",
                    "or build Lean " + Workspace.LEAN_VERSION + " from source and set LEAN_HOME to it"));
        }
        return atHome(pinned).orElseThrow(() -> new SetupGap(StepResult.missing("Lean " + Workspace.LEAN_VERSION,
                "elan reported success but " + pinned + " holds no working Lean " + Workspace.LEAN_VERSION,
                "set LEAN_HOME to a Lean " + Workspace.LEAN_VERSION + " and run set-up again")));
    }

    private Optional<LeanToolchain> atHome(Path home) {
        if (!Files.isDirectory(home)) return Optional.empty();
        try {
            LeanToolchain t = new ToolchainLocator(options.env()).locate(Optional.of(home));
            return t.version().equals(Workspace.LEAN_VERSION) ? Optional.of(t) : Optional.empty();
        } catch (LeanNotFoundException e) {
            return Optional.empty();
        }
    }

    private Path elanHome() {
        String h = options.env().get("ELAN_HOME");
        return h != null && !h.isBlank() ? Path.of(h) : Path.of(options.env().getOrDefault("HOME", "."), ".elan");
    }

    /** The environment elan runs in: the caller's, with ELAN_HOME made explicit so elan installs where we look. */
    private Map<String, String> elanEnv() {
        return withVariable("ELAN_HOME", elanHome().toString());
    }

    private Map<String, String> withVariable(String name, String value) {
        Map<String, String> env = new java.util.HashMap<>(options.env());
        env.put(name, value);
        return env;
    }

    private Optional<Path> elan() {
        Path inHome = elanHome().resolve("bin").resolve("elan");
        if (Files.isExecutable(inHome)) return Optional.of(inHome);
        for (String d : options.env().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "elan"))) return Optional.of(Path.of(d, "elan"));
        }
        return Optional.empty();
    }

    private Path installElan() throws IOException, SetupGap {
        Path script = dir.resolve("downloads").resolve("elan-init.sh");
        out.println("      elan not found; downloading its installer from " + options.sources().elanInit());
        try {
            downloader.download(options.sources().elanInit(), script);
        } catch (DownloadException e) {
            throw new SetupGap(StepResult.missing("Lean " + Workspace.LEAN_VERSION, e.getMessage(),
                    ToolchainLocator.INSTALL_HINT.strip().lines().map(String::strip).toArray(String[]::new)));
        }
        int rc = Commands.run(List.of("sh", script.toString(), "-y", "--default-toolchain", "none", "--no-modify-path"),
                null, elanEnv(), out);
        Files.deleteIfExists(script);
        return elan().filter(e -> rc == 0).orElseThrow(() -> new SetupGap(StepResult.missing("Lean " + Workspace.LEAN_VERSION,
                "elan's installer failed (exit " + rc + ")",
                ToolchainLocator.INSTALL_HINT.strip().lines().map(String::strip).toArray(String[]::new))));
    }

    // ---- sources -----------------------------------------------------------------------------

    private StepResult source(String part, Path target, Path marker, java.net.URI archive, String byHand) throws IOException {
        if (Files.isRegularFile(marker)) return StepResult.ready(part, target.toString());
        if (Files.exists(target) && !isEmptyDir(target)) {
            return StepResult.missing(part, target + " exists but holds no " + target.relativize(marker),
                    "move it away and run set-up again, or put " + part + " there by hand: " + byHand);
        }
        Path tarball = dir.resolve("downloads").resolve(part + ".tar.gz");
        try {
            out.println("      downloading " + archive);
            downloader.download(archive, tarball);
        } catch (DownloadException e) {
            return StepResult.missing(part, e.getMessage(), "put " + part + " there by hand: " + byHand);
        }
        Path staging = dir.resolve("downloads").resolve(part + ".unpacking");
        deleteTree(staging);
        int files = Archives.extract(tarball, staging, 1, p -> true);
        if (!Files.isRegularFile(staging.resolve(target.relativize(marker)))) {
            return StepResult.missing(part, archive + " did not hold " + target.relativize(marker),
                    "put " + part + " there by hand: " + byHand);
        }
        deleteTree(target);
        Files.move(staging, target);
        Files.delete(tarball);
        out.println("      unpacked " + files + " files");
        return StepResult.ready(part, target.toString());
    }

    // ---- compiled mathlib ---------------------------------------------------------------------

    private StepResult compiled(LeanToolchain lean, Path mathlib, Path minif2f) throws IOException {
        Path src = mathlib.resolve("src");
        if (oleans(src) == 0) fetchCache(mathlib);
        Path imports = minif2f.resolve("lean/src");
        long before = oleans(src);
        out.println("      lean --make minif2f_import.lean (-j" + options.jobs() + "); " + before + " of about "
                + CLOSURE_FILES + " mathlib files compiled so far"
                + (before < CLOSURE_FILES / 2 ? "; the rest takes hours on a few cores, and resumes if interrupted" : ""));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "olean-progress");
            t.setDaemon(true);
            return t;
        });
        long[] last = {before};
        ticker.scheduleAtFixedRate(() -> {
            long n = oleans(src);
            if (n != last[0]) out.println("      " + n + " of about " + CLOSURE_FILES + " compiled");
            last[0] = n;
        }, 60, 60, TimeUnit.SECONDS);
        int rc;
        try {
            rc = Commands.run(List.of(lean.lean().toString(), "--make", "-j" + options.jobs(), "minif2f_import.lean"),
                    imports, withVariable("LEAN_PATH", lean.leanPath(List.of(src, imports))), out);
        } finally {
            ticker.shutdownNow();
        }
        if (rc != 0) {
            return StepResult.missing("compiled mathlib", "lean --make minif2f_import.lean failed (exit " + rc
                    + "; its messages are above)", "fix what Lean reports, then run set-up again (it resumes)");
        }
        return StepResult.ready("compiled mathlib", oleans(src) + " .olean files under " + src);
    }

    /** mathlib's published cache saves the compile when it is still served; it is optional. */
    private void fetchCache(Path mathlib) throws IOException {
        Path cache = dir.resolve("downloads").resolve("mathlib-oleans.tar.xz");
        try {
            out.println("      trying mathlib's olean cache at " + options.sources().oleanCache());
            downloader.download(options.sources().oleanCache(), cache);
            int n = Archives.extract(cache, mathlib, 0, p -> p.startsWith("src/") && p.endsWith(".olean"));
            Files.delete(cache);
            out.println("      unpacked " + n + " .olean files from the cache");
        } catch (DownloadException e) {
            out.println("      no cache (" + e.getMessage() + "); compiling instead");
        }
    }

    private static long oleans(Path src) {
        if (!Files.isDirectory(src)) return 0;
        try (Stream<Path> s = Files.walk(src)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".olean")).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static boolean isEmptyDir(Path p) throws IOException {
        if (!Files.isDirectory(p)) return false;
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    /** A part that cannot be provided now; carries the result to report. */
    private static final class SetupGap extends Exception {
        final StepResult result;

        SetupGap(StepResult result) {
            super(result.detail(), null, false, false);
            this.result = result;
        }
    }
}
