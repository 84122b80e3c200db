package dev.leanagent.bridge.toolchain.install;

import com.sun.net.httpserver.HttpServer;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.bridge.toolchain.ToolchainLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Installing Lean from a release archive into a temporary home (HOME and ELAN_HOME in the test's
 * directory), with a fake Lean that answers as Lean 3 does: no real Lean or network is needed.
 */
class LeanInstallerTest {

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    /** A machine with no Lean: only the system's PATH, an empty home. */
    private static Map<String, String> bare(Path dir) {
        return Map.of("HOME", dir.resolve("home").toString(), "PATH", "/usr/bin:/bin");
    }

    private LeanInstaller.Provided provide(Path dir, Optional<URI> archive, URI elanInit) throws IOException {
        return new LeanInstaller(new LeanInstaller.Options("3.42.1", Optional.empty(), bare(dir), archive, elanInit,
                Files.createDirectories(dir.resolve("scratch"))), new PrintStream(log, true, StandardCharsets.UTF_8)).provide();
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/elan-init.sh");
        }
    }

    @Test
    void installsFromAnArchiveWhereTheLocatorLooksAndChangesNothingTheSecondTime(@TempDir Path dir) throws IOException {
        Path archive = dir.resolve("mirror/lean-3.42.1-linux.tar.gz");
        Files.createDirectories(archive.getParent());
        Files.write(archive, TestArchives.fakeLeanRelease("3.42.1"));

        LeanInstaller.Provided first = provide(dir, Optional.of(archive.toUri()), closedPort());

        assertTrue(first.step().ready(), first.step() + "\n" + log);
        Path installed = dir.resolve("home/.elan/toolchains/leanprover-community--lean---3.42.1");
        assertEquals(installed.resolve("bin/lean"), first.toolchain().orElseThrow().lean());
        assertTrue(Files.isRegularFile(archive), "a mirror's archive is used where it lies, never removed");
        LeanToolchain found = new ToolchainLocator(bare(dir)).locate(Optional.empty());
        assertEquals(installed.resolve("bin/lean"), found.lean(), "found without LEAN_HOME");
        assertEquals("3.42.1", found.version());
        assertEquals(List.of(installed.resolve("lib/lean/library")), found.corePath());

        Files.writeString(installed.resolve("kept.txt"), "untouched");
        log.reset();
        LeanInstaller.Provided second = provide(dir, Optional.of(archive.toUri()), closedPort());
        assertTrue(second.step().ready(), second.step().toString());
        assertFalse(log.toString().contains("installing"), log.toString());
        assertEquals("untouched", Files.readString(installed.resolve("kept.txt")));
    }

    @Test
    void anArchiveOfAnotherVersionIsRefusedAndLeavesNothingBehind(@TempDir Path dir) throws IOException {
        Path archive = dir.resolve("lean-3.51.1-linux.tar.gz");
        Files.write(archive, TestArchives.fakeLeanRelease("3.51.1"));

        LeanInstaller.Provided p = provide(dir, Optional.of(archive.toUri()), closedPort());

        assertFalse(p.step().ready());
        assertTrue(p.step().detail().contains("does not hold a working Lean 3.42.1")
                && p.step().detail().contains("Lean 3.51.1"), p.step().detail());
        assertFalse(Files.exists(dir.resolve("home/.elan/toolchains/leanprover-community--lean---3.42.1")));
        try (var left = Files.list(dir.resolve("home/.elan/toolchains"))) {
            assertEquals(List.of(), left.toList(), "no half-unpacked toolchain stays");
        }
    }

    @Test
    void downloadsAnArchiveFromAUrlAndRemovesTheDownload(@TempDir Path dir) throws IOException {
        byte[] release = TestArchives.fakeLeanRelease("3.42.1");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, release.length);
            exchange.getResponseBody().write(release);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/lean-3.42.1-linux.tar.gz");
            LeanInstaller.Provided p = provide(dir, Optional.of(url), closedPort());
            assertTrue(p.step().ready(), p.step() + "\n" + log);
        } finally {
            server.stop(0);
        }
        try (var left = Files.list(dir.resolve("scratch"))) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void offlineWithoutAnArchiveItNamesBothWaysToProvideLean(@TempDir Path dir) throws IOException {
        LeanInstaller.Provided p = provide(dir, Optional.empty(), closedPort());

        assertFalse(p.step().ready());
        assertEquals("Lean 3.42.1", p.step().part());
        assertTrue(p.step().detail().contains("cannot reach 127.0.0.1"), p.step().detail());
        String todo = String.join("\n", p.step().todo());
        assertTrue(todo.contains("--lean-archive FILE|URL: https://github.com/leanprover-community/lean/releases/download/"
                + "v3.42.1/lean-3.42.1-linux.tar.gz"), todo);
        assertTrue(todo.contains("elan toolchain install leanprover-community/lean:3.42.1"), todo);
    }

    @Test
    void aMissingMirrorFileIsNamed(@TempDir Path dir) throws IOException {
        Path absent = dir.resolve("mirror/lean-3.42.1-linux.tar.gz");
        LeanInstaller.Provided p = provide(dir, Optional.of(absent.toUri()), closedPort());
        assertFalse(p.step().ready());
        assertEquals("no file " + absent, p.step().detail());
    }
}
