package dev.leanagent.minif2f.setup;

import com.sun.net.httpserver.HttpServer;
import dev.leanagent.bridge.toolchain.LeanNotFoundException;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.bridge.toolchain.ToolchainLocator;
import dev.leanagent.bridge.toolchain.install.StepResult;
import dev.leanagent.bridge.toolchain.install.TestArchives;
import dev.leanagent.minif2f.Workspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Set-up against a loopback server standing in for GitHub: tiny miniF2F- and mathlib-shaped
 * archives, no olean cache (as today), and an elan installer that installs a fake elan whose
 * "toolchain" is the Lean of the machine running the tests (when there is a Lean 3.42.1).
 */
class WorkspaceSetupTest {

    private static final Map<String, String> MINIF2F = Map.of(
            "miniF2F-e4f1130/lean/src/minif2f_import.lean", "import tiny.basic\n",
            "miniF2F-e4f1130/lean/src/valid.lean", "import minif2f_import\n\ntheorem mathd_algebra_1 : tiny_two = 2 := sorry\n",
            "miniF2F-e4f1130/lean/src/test.lean", "import minif2f_import\n\ntheorem amc12_2 : tiny_two + 0 = 2 := sorry\n");
    private static final Map<String, String> MATHLIB = Map.of(
            "mathlib-cb2b02f/leanpkg.toml", "[package]\nname = \"mathlib\"\nlean_version = \"leanprover-community/lean:3.42.1\"\n",
            "mathlib-cb2b02f/src/tiny/basic.lean", "def tiny_two : ℕ := 2\n");

    private HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Map<String, byte[]> files = Map.of("/minif2f.tar.gz", TestArchives.tarGz(MINIF2F),
                "/mathlib.tar.gz", TestArchives.tarGz(MATHLIB));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            byte[] body = path.equals("/elan-init.sh") ? FAKE_ELAN_INIT.getBytes(StandardCharsets.UTF_8) : files.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SetupSources served() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return new SetupSources(URI.create(base + "/minif2f.tar.gz"), URI.create(base + "/mathlib.tar.gz"),
                URI.create(base + "/oleans.tar.xz"), URI.create(base + "/elan-init.sh"));
    }

    private SetupOutcome setup(Path dir, SetupSources sources, Map<String, String> env) throws IOException {
        return new WorkspaceSetup(new WorkspaceSetup.Options(dir, sources, Optional.empty(), env, 1),
                new PrintStream(log, true, StandardCharsets.UTF_8)).run();
    }

    /** An environment with no Lean and no elan: HOME and ELAN_HOME inside the test's directory, only the system's PATH. */
    private static Map<String, String> bare(Path dir) {
        return Map.of("HOME", dir.resolve("home").toString(), "ELAN_HOME", dir.resolve("elan").toString(),
                "PATH", "/usr/bin:/bin");
    }

    @Test
    void offlineItSaysWhatIsMissingAndHowToProvideIt(@TempDir Path dir) throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closed + "/x.tar.gz");
        SetupOutcome o = setup(dir.resolve("ws"), new SetupSources(nowhere, nowhere, nowhere, nowhere), bare(dir));

        assertFalse(o.complete());
        assertEquals(List.of("Lean 3.42.1", "miniF2F", "mathlib", "compiled mathlib"),
                o.missing().stream().map(StepResult::part).toList(), log.toString());
        for (StepResult s : o.missing()) assertFalse(s.todo().isEmpty(), s + " must say how to provide it by hand");
        assertTrue(o.missing().get(0).detail().contains("cannot reach 127.0.0.1"), o.missing().get(0).detail());
        assertTrue(String.join("\n", o.missing().get(0).todo()).contains("elan toolchain install leanprover-community/lean:3.42.1"));
        assertTrue(o.missing().get(1).todo().get(0).contains(SetupSources.MINIF2F_COMMIT));
        assertTrue(o.missing().get(2).todo().get(0).contains(Workspace.MATHLIB_COMMIT));
        assertFalse(Files.exists(dir.resolve("ws/miniF2F")));
        assertFalse(Files.exists(dir.resolve("ws").resolve(WorkspaceManifest.FILE)));
    }

    @Test
    void downloadsAndUnpacksTheSourcesAndNamesWhatIsStillMissing(@TempDir Path dir) throws IOException {
        Path ws = dir.resolve("ws");
        SetupSources sources = served();
        SetupOutcome o = setup(ws, new SetupSources(sources.minif2fArchive(), sources.mathlibArchive(),
                sources.oleanCache(), URI.create(sources.elanInit() + ".gone")), bare(dir));

        assertFalse(o.complete());
        assertEquals(List.of("Lean 3.42.1", "compiled mathlib"), o.missing().stream().map(StepResult::part).toList(), log.toString());
        assertTrue(o.missing().get(0).detail().contains("HTTP 404"), o.missing().get(0).detail());
        assertEquals("import minif2f_import\n\ntheorem mathd_algebra_1 : tiny_two = 2 := sorry\n",
                Files.readString(ws.resolve("miniF2F/lean/src/valid.lean")));
        assertTrue(Files.isRegularFile(ws.resolve("mathlib/src/tiny/basic.lean")));
        try (var left = Files.list(ws.resolve("downloads"))) {
            assertEquals(List.of(), left.toList(), "archives are removed once unpacked");
        }

        // a second run keeps what is there
        setup(ws, sources, bare(dir));
        assertEquals(1, hits.get("/minif2f.tar.gz").get());
        assertEquals(1, hits.get("/mathlib.tar.gz").get());
    }

    @Test
    void aDirectoryInTheWayIsReportedNotOverwritten(@TempDir Path dir) throws IOException {
        Path ws = dir.resolve("ws");
        Files.createDirectories(ws.resolve("mathlib"));
        Files.writeString(ws.resolve("mathlib/notes.txt"), "mine");
        SetupOutcome o = setup(ws, served(), bare(dir));
        StepResult mathlib = o.steps().get(2);
        assertFalse(mathlib.ready());
        assertTrue(mathlib.detail().contains("holds no leanpkg.toml"), mathlib.detail());
        assertEquals("mine", Files.readString(ws.resolve("mathlib/notes.txt")));
    }

    @Test
    void installsLeanThroughElanCompilesTheImportsAndWritesTheManifest(@TempDir Path dir) throws IOException {
        LeanToolchain real = pinnedLeanOrSkip();
        Path ws = dir.resolve("ws");
        Map<String, String> env = new java.util.HashMap<>(bare(dir));
        env.put("REAL_LEAN_HOME", real.lean().getParent().getParent().toString());

        SetupOutcome o = setup(ws, served(), env);

        assertTrue(o.complete(), log.toString());
        assertEquals(1, hits.get("/elan-init.sh").get(), "elan was installed from the served installer");
        assertEquals(1, hits.get("/oleans.tar.xz").get(), "the cache was tried before compiling");
        assertTrue(Files.isRegularFile(ws.resolve("mathlib/src/tiny/basic.olean")), log.toString());
        WorkspaceManifest m = WorkspaceManifest.read(ws).orElseThrow();
        assertEquals("3.42.1", m.leanVersion());
        assertEquals(dir.resolve("elan/toolchains/leanprover-community--lean---3.42.1").toString(), m.leanHome());
        assertEquals(List.of(ws.resolve("mathlib/src"), ws.resolve("miniF2F/lean/src")), m.leanPathDirs(ws));
        assertEquals(ws.resolve("miniF2F"), m.minif2fDir(ws));

        // run again: everything is found in place, nothing is downloaded or installed
        log.reset();
        assertTrue(setup(ws, served(), env).complete(), log.toString());
        assertEquals(1, hits.get("/elan-init.sh").get());
        assertEquals(1, hits.get("/minif2f.tar.gz").get());
    }

    /**
     * A mirror directory with the archives under the names the internet serves: a complete
     * workspace with nothing fetched over the network, the olean cache unpacked into mathlib, and
     * the mirror left as it was. (Lean from a release archive: LeanInstallerTest.) Needs a Lean
     * 3.42.1 to compile the cache's file with.
     */
    @Test
    void aMirrorDirectoryProvidesEverySourceAndIsLeftAsItWas(@TempDir Path dir) throws IOException {
        LeanToolchain real = pinnedLeanOrSkip();
        Path mirror = Files.createDirectories(dir.resolve("mirror"));
        Files.write(mirror.resolve("miniF2F-" + SetupSources.MINIF2F_COMMIT + ".tar.gz"), TestArchives.tarGz(MINIF2F));
        Files.write(mirror.resolve("mathlib-" + Workspace.MATHLIB_COMMIT + ".tar.gz"), TestArchives.tarGz(MATHLIB));
        // the cache holds one compiled file, as mathlib's does: src/**.olean relative to mathlib's root
        Path compiledElsewhere = dir.resolve("compiled");
        Files.createDirectories(compiledElsewhere.resolve("src/tiny"));
        Files.writeString(compiledElsewhere.resolve("src/tiny/basic.lean"), MATHLIB.get("mathlib-cb2b02f/src/tiny/basic.lean"));
        assertEquals(0, run(new ProcessBuilder(real.lean().toString(), "--make", "src").directory(compiledElsewhere.toFile())));
        byte[] olean = Files.readAllBytes(compiledElsewhere.resolve("src/tiny/basic.olean"));
        Files.write(mirror.resolve(Workspace.MATHLIB_COMMIT + ".tar.xz"), tarXzBytes(Map.of("src/tiny/basic.olean", olean)));
        List<String> before = listing(mirror);

        Path ws = dir.resolve("ws");
        SetupOutcome o = new WorkspaceSetup(new WorkspaceSetup.Options(ws,
                SetupSources.mirror(mirror.toUri(), served().elanInit()), Optional.of(real.lean().getParent().getParent()),
                bare(dir), 1), new PrintStream(log, true, StandardCharsets.UTF_8)).run();

        assertTrue(o.complete(), log.toString());
        assertTrue(log.toString().contains("unpacked 1 .olean files from the cache"), log.toString());
        assertTrue(log.toString().contains("; 1 of about " + WorkspaceSetup.CLOSURE_FILES + " mathlib files compiled so far"),
                "the cache is in place before compiling: " + log);
        assertTrue(Files.isRegularFile(ws.resolve("miniF2F/lean/src/valid.lean")));
        assertTrue(Files.isRegularFile(ws.resolve("mathlib/src/tiny/basic.olean")));
        assertEquals(before, listing(mirror), "the mirror is read, never changed");
        assertTrue(hits.isEmpty(), "nothing was fetched over the network: " + hits);
    }

    private static List<String> listing(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName() + ":" + p.toFile().length()).sorted().toList();
        }
    }

    private static byte[] tarXzBytes(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new org.apache.commons.compress.compressors.xz.XZCompressorOutputStream(bytes))) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static int run(ProcessBuilder pb) throws IOException {
        try {
            return pb.inheritIO().start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * Installs an "elan" into $ELAN_HOME whose {@code toolchain install} links the machine's real
     * Lean in as the pinned toolchain: the set-up's elan path runs end to end without the network.
     */
    private static final String FAKE_ELAN_INIT = """
            #!/bin/sh
            set -e
            mkdir -p "$ELAN_HOME/bin"
            cat > "$ELAN_HOME/bin/elan" <<'ELAN'
            #!/bin/sh
            [ "$1 $2 $3" = "toolchain install leanprover-community/lean:3.42.1" ] || { echo "unexpected: $*"; exit 3; }
            mkdir -p "$ELAN_HOME/toolchains"
            ln -s "$REAL_LEAN_HOME" "$ELAN_HOME/toolchains/leanprover-community--lean---3.42.1"
            echo "installed"
            ELAN
            chmod +x "$ELAN_HOME/bin/elan"
            """;

    private static LeanToolchain pinnedLeanOrSkip() {
        try {
            LeanToolchain t = ToolchainLocator.fromSystem().locate(Optional.empty());
            if (t.version().equals(Workspace.LEAN_VERSION)) return t;
            System.out.println("[lean-agent tests] SKIPPED workspace set-up with Lean: " + t.describe() + " is not "
                    + Workspace.LEAN_VERSION + ". Set LEAN_HOME to a Lean 3.42.1 to run it.");
        } catch (LeanNotFoundException e) {
            System.out.println("[lean-agent tests] SKIPPED workspace set-up with Lean: no Lean 3 toolchain found. "
                    + "Set LEAN_HOME to a Lean 3.42.1 to run it.");
        }
        Assumptions.assumeTrue(false, "needs Lean " + Workspace.LEAN_VERSION);
        throw new IllegalStateException("unreachable");
    }
}
