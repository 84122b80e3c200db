package dev.leanagent.bridge.toolchain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery order and version checks, with fake {@code lean} scripts. */
class ToolchainLocatorTest {

    private static Path fakeLean(Path home, String version, Path lib) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path lean = bin.resolve("lean");
        Files.writeString(lean, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo '" + version + "'; "
                + "else echo '{\"path\": [\"" + lib + "\", \"/no/such/dir\"]}'; fi\n");
        Files.setPosixFilePermissions(lean, PosixFilePermissions.fromString("rwxr-xr-x"));
        return lean;
    }

    @Test
    void leanHomeWinsAndReportsVersionAndCoreLibrary(@TempDir Path dir) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        fakeLean(dir.resolve("home"), "Lean (version 3.42.1, Release)", lib);
        fakeLean(dir.resolve("onpath"), "Lean (version 3.51.1, Release)", lib);
        LeanToolchain t = new ToolchainLocator(Map.of("LEAN_HOME", dir.resolve("home").toString(),
                "PATH", dir.resolve("onpath/bin").toString())).locate(Optional.empty());
        assertEquals("3.42.1", t.version());
        assertEquals("LEAN_HOME", t.foundVia());
        assertEquals(java.util.List.of(lib), t.corePath());
        assertEquals(lib + ":/x", t.leanPath(java.util.List.of(Path.of("/x"))));
    }

    @Test
    void lean4OnPathIsSkippedForAnElanLean3(@TempDir Path dir) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        fakeLean(dir.resolve("l4"), "Lean (version 4.9.0, x86_64-unknown-linux-gnu, commit abc, Release)", lib);
        fakeLean(dir.resolve("elan/toolchains/leanprover-community--lean---3.42.1"), "Lean (version 3.42.1, Release)", lib);
        fakeLean(dir.resolve("elan/toolchains/leanprover-community--lean---3.51.1"), "Lean (version 3.51.1, Release)", lib);
        LeanToolchain t = new ToolchainLocator(Map.of("PATH", dir.resolve("l4/bin").toString(),
                "ELAN_HOME", dir.resolve("elan").toString())).locate(Optional.empty());
        assertEquals("3.51.1", t.version());
        assertTrue(t.foundVia().startsWith("elan toolchain"), t.foundVia());
    }

    @Test
    void nothingFoundSaysWhereItLookedAndHowToInstall(@TempDir Path dir) throws Exception {
        fakeLean(dir.resolve("l4"), "Lean (version 4.9.0, Release)", dir);
        LeanNotFoundException e = assertThrows(LeanNotFoundException.class, () -> new ToolchainLocator(
                Map.of("PATH", dir.resolve("l4/bin").toString(), "HOME", dir.toString())).locate(Optional.empty()));
        assertTrue(e.getMessage().contains("Lean 4.9.0, not Lean 3"), e.getMessage());
        assertTrue(e.getMessage().contains("elan toolchain install"), e.getMessage());
        LeanNotFoundException bad = assertThrows(LeanNotFoundException.class, () -> new ToolchainLocator(
                Map.of("LEAN_HOME", dir.resolve("nowhere").toString())).locate(Optional.empty()));
        assertTrue(bad.getMessage().contains("LEAN_HOME"), bad.getMessage());
    }

    @Test
    void oleanHeadersNameTheirVersion(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a.olean"), "oleanfile\u00003.51.1\u0000rest".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(Optional.of("3.51.1"), OleanVersions.versionOf(dir.resolve("a.olean")));
        assertTrue(OleanVersions.firstMismatch(dir, "3.42.1").orElseThrow().contains("compiled by Lean 3.51.1"));
        assertEquals(Optional.empty(), OleanVersions.firstMismatch(dir, "3.51.1"));
    }
}
