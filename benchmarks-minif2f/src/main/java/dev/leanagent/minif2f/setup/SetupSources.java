package dev.leanagent.minif2f.setup;

import dev.leanagent.minif2f.Workspace;

import java.net.URI;

/**
 * Where set-up takes the workspace from: the pinned upstream archives by default
 * ({@code lean-agent.minif2f.setup} in application.conf), which a mirror, or a test's loopback
 * server, can replace. Each is a URL ({@code https:}, {@code file:}) or a local file.
 *
 * @param minif2fArchive a .tar.gz of facebookresearch/miniF2F at the pinned commit
 * @param mathlibArchive a .tar.gz of mathlib's source at the pinned commit
 * @param oleanCache     mathlib's compiled cache for that commit (.tar.xz, its {@code src/**.olean}); may be gone
 * @param elanInit       elan's installer script, used only when neither Lean 3.42.1 nor elan is found
 */
public record SetupSources(URI minif2fArchive, URI mathlibArchive, URI oleanCache, URI elanInit) {

    public static final String MINIF2F_COMMIT = "e4f113090ad82d64f8ce064d2f55b613a9b6bded";

    /** The file names the internet serves the three archives under, which a mirror keeps. */
    public static final String MINIF2F_FILE = "miniF2F-" + MINIF2F_COMMIT + ".tar.gz";
    public static final String MATHLIB_FILE = "mathlib-" + Workspace.MATHLIB_COMMIT + ".tar.gz";
    public static final String OLEAN_CACHE_FILE = Workspace.MATHLIB_COMMIT + ".tar.xz";

    /**
     * Every archive by its file name from one place: a directory ({@code file:} URL) or a URL
     * prefix of a lab's own server. elan's installer is not mirrored (an archive of Lean is).
     */
    public static SetupSources mirror(URI base, URI elanInit) {
        URI dir = base.toString().endsWith("/") ? base : URI.create(base + "/");
        return new SetupSources(dir.resolve(MINIF2F_FILE), dir.resolve(MATHLIB_FILE), dir.resolve(OLEAN_CACHE_FILE), elanInit);
    }
}
