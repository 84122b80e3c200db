package dev.leanagent.minif2f.setup;

import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.bridge.toolchain.install.Archives;
import dev.leanagent.bridge.toolchain.install.Commands;
import dev.leanagent.bridge.toolchain.install.DownloadException;
import dev.leanagent.bridge.toolchain.install.Downloader;
import dev.leanagent.bridge.toolchain.install.LeanInstaller;
import dev.leanagent.bridge.toolchain.install.StepResult;
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
 * Prepares a miniF2F workspace in one directory: the pinned Lean ({@link LeanInstaller}: elan or
 * a release archive), miniF2F and mathlib at their pinned commits, and mathlib compiled for
 * miniF2F's imports (its olean cache first). Each source is a URL or a local file, so a mirror
 * serves as well as the internet. Each part is checked first and only provided when missing, so
 * set-up can be run again after an interruption or offline: then it says, per missing part, how
 * to provide it by hand.
 *
 * <p>Layout: {@code DIR/miniF2F}, {@code DIR/mathlib}, {@code DIR/downloads} (archives, removed
 * once unpacked) and {@code DIR/workspace.json} (see {@link WorkspaceManifest}).
 */
public final class WorkspaceSetup {

    /** Files in miniF2F's import closure, measured on mathlib cb2b02ff; for progress lines only. */
    static final int CLOSURE_FILES = 992;

    /**
     * @param leanHome a Lean home from the settings, preferred over the environment
     * @param env      the environment (LEAN_HOME, PATH, HOME, ELAN_HOME), a parameter so tests control it
     * @param jobs     parallel jobs of {@code lean --make}
     * @param leanArchive a Lean release archive to install the pinned Lean from, instead of elan
     */
    public record Options(Path dir, SetupSources sources, Optional<Path> leanHome, Map<String, String> env, int jobs,
                          Optional<java.net.URI> leanArchive) {

        public Options(Path dir, SetupSources sources, Optional<Path> leanHome, Map<String, String> env, int jobs) {
            this(dir, sources, leanHome, env, jobs, Optional.empty());
        }
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

        out.println("[1/4] Lean " + Workspace.LEAN_VERSION);
        LeanInstaller.Provided provided = new LeanInstaller(new LeanInstaller.Options(Workspace.LEAN_VERSION,
                options.leanHome(), options.env(), options.leanArchive(), options.sources().elanInit(),
                Files.createDirectories(dir.resolve("downloads"))), out).provide();
        Optional<LeanToolchain> lean = provided.toolchain();
        steps.add(report(provided.step()));

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

    // ---- sources -----------------------------------------------------------------------------

    private StepResult source(String part, Path target, Path marker, java.net.URI archive, String byHand) throws IOException {
        if (Files.isRegularFile(marker)) return StepResult.ready(part, target.toString());
        if (Files.exists(target) && !isEmptyDir(target)) {
            return StepResult.missing(part, target + " exists but holds no " + target.relativize(marker),
                    "move it away and run set-up again, or put " + part + " there by hand: " + byHand);
        }
        Downloader.Fetched tarball;
        try {
            out.println("      fetching " + archive);
            tarball = downloader.obtain(archive, dir.resolve("downloads").resolve(part + ".tar.gz"));
        } catch (DownloadException e) {
            return StepResult.missing(part, e.getMessage(), "put " + part + " there by hand: " + byHand);
        }
        Path staging = dir.resolve("downloads").resolve(part + ".unpacking");
        deleteTree(staging);
        int files;
        try {
            files = Archives.extract(tarball.file(), staging, 1, p -> true);
        } finally {
            tarball.release();
        }
        if (!Files.isRegularFile(staging.resolve(target.relativize(marker)))) {
            return StepResult.missing(part, archive + " did not hold " + target.relativize(marker),
                    "put " + part + " there by hand: " + byHand);
        }
        deleteTree(target);
        Files.move(staging, target);
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
                    imports, withLeanPath(lean.leanPath(List.of(src, imports))), out);
        } finally {
            ticker.shutdownNow();
        }
        if (rc != 0) {
            return StepResult.missing("compiled mathlib", "lean --make minif2f_import.lean failed (exit " + rc
                    + "; its messages are above)", "fix what Lean reports, then run set-up again (it resumes)");
        }
        return StepResult.ready("compiled mathlib", oleans(src) + " .olean files under " + src);
    }

    private Map<String, String> withLeanPath(String leanPath) {
        Map<String, String> env = new java.util.HashMap<>(options.env());
        env.put("LEAN_PATH", leanPath);
        return env;
    }

    /** mathlib's compiled cache (published, or a mirror's) saves the compile; it is optional. */
    private void fetchCache(Path mathlib) throws IOException {
        try {
            out.println("      trying mathlib's olean cache at " + options.sources().oleanCache());
            Downloader.Fetched cache = downloader.obtain(options.sources().oleanCache(),
                    dir.resolve("downloads").resolve("mathlib-oleans.tar.xz"));
            int n = Archives.extract(cache.file(), mathlib, 0, p -> p.startsWith("src/") && p.endsWith(".olean"));
            cache.release();
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
}
