package dev.leanagent.minif2f.setup;

import java.net.URI;

/**
 * Where set-up downloads from: the pinned upstream archives by default ({@code lean-agent.minif2f.setup}
 * in application.conf), which a mirror, or a test's loopback server, can replace.
 *
 * @param minif2fArchive a .tar.gz of facebookresearch/miniF2F at the pinned commit
 * @param mathlibArchive a .tar.gz of mathlib's source at the pinned commit
 * @param oleanCache     mathlib's compiled cache for that commit (.tar.xz, its {@code src/**.olean}); may be gone
 * @param elanInit       elan's installer script, used only when neither Lean 3.42.1 nor elan is found
 */
public record SetupSources(URI minif2fArchive, URI mathlibArchive, URI oleanCache, URI elanInit) {

    public static final String MINIF2F_COMMIT = "e4f113090ad82d64f8ce064d2f55b613a9b6bded";
}
