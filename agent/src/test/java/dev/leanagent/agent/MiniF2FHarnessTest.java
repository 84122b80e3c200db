package dev.leanagent.agent;

import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.minif2f.setup.WorkspaceManifest;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `bench minif2f` on a miniF2F-shaped fixture on core Lean: results, resume after a kill, report. */
class MiniF2FHarnessTest {

    private static final Path FIXTURE = Path.of("src", "test", "resources", "minif2f-fixture");

    @BeforeEach
    void needsLean() {
        LeanTests.toolchainOrSkip("miniF2F harness tests");
    }

    private static int bench(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("bench", "minif2f", "--split", "valid", "--minif2f",
                FIXTURE.toString(), "--out", out.toString(), "--expansions", "20", "--workers", "2"));
        args.addAll(List.of(more));
        return Main.run(args.toArray(String[]::new));
    }

    @Test
    void runResumeAfterAKillAndReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, bench(out));
        Path results = out.resolve("results.jsonl");
        Map<String, String> status = ProofResults.read(results).stream()
                .collect(Collectors.toMap(ProofResult::name, ProofResult::status));
        assertEquals(6, status.size(), "every theorem and lemma, helper_false included: " + status);
        assertEquals("proved", status.get("mathd_algebra_1"));
        assertEquals("proved", status.get("mathd_numbertheory_2"));
        assertEquals("proved", status.get("induction_3"));
        assertEquals("proved", status.get("amc12_4"));
        assertTrue(!status.get("imo_5").equals("proved") && !status.get("helper_false").equals("proved"),
                "2 + 2 = 5 must not be proved, even with the sorry lemma helper_false in the file: " + status);
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("| mathd algebra | 1 | 1 | 100.0% |"), report);
        assertTrue(report.contains("tidy (rule-based)"), report);
        String runJson = Files.readString(out.resolve("run.json"));
        assertTrue(runJson.contains("3.42.1"), runJson);
        assertTrue(runJson.contains("\"workers\":\"2 workers") && runJson.contains("0 crashes"),
                "the pool's own account is recorded: " + runJson);

        // a second run into the same directory must not mix runs silently
        assertEquals(2, bench(out));

        // as if killed after two theorems, mid-line
        List<String> lines = Files.readAllLines(results);
        Files.write(results, List.of(lines.get(0), lines.get(1), lines.get(2).substring(0, 20)));
        assertEquals(0, bench(out, "--resume"));
        List<ProofResult> after = ProofResults.read(results);
        assertEquals(6, after.stream().map(ProofResult::name).distinct().count(), after.toString());
        assertEquals(6, after.size(), "the two finished theorems were not run again");

        assertEquals(0, Main.run("bench", "minif2f", "report", out.toString()));
        assertTrue(Files.readString(out.resolve("report.md")).contains("pass@1"));
    }

    @Test
    void aWorkspaceMadeBySetupNeedsOnlyItsDirectory(@TempDir Path dir) throws Exception {
        LeanToolchain lean = LeanTests.toolchainOrSkip("miniF2F harness tests");
        Path ws = dir.resolve("ws");
        Path extra = Files.createDirectories(ws.resolve("mathlib/src"));
        try (var files = Files.walk(FIXTURE)) {
            for (Path f : files.toList()) {
                Path to = ws.resolve("miniF2F").resolve(FIXTURE.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to);
                else Files.copy(f, to);
            }
        }
        new WorkspaceManifest("miniF2F", List.of("mathlib/src"), lean.lean().getParent().getParent().toString(),
                lean.version(), "cb2b02f", "e4f1130", "now").write(ws);

        Path out = dir.resolve("run");
        assertEquals(0, Main.run("bench", "minif2f", "--split", "valid", "--minif2f", ws.toString(), "--out", out.toString(),
                "--names", write(dir.resolve("names"), "mathd_algebra_1"), "--workers", "1"));
        String run = Files.readString(out.resolve("run.json"));
        assertTrue(run.contains("found via configuration (lean.home)"), "the workspace's Lean is used: " + run);
        assertTrue(run.contains(extra.toString()), "the workspace's directories are on Lean's path: " + run);
        assertEquals("proved", ProofResults.read(out.resolve("results.jsonl")).get(0).status());
    }

    private static String write(Path file, String... lines) throws java.io.IOException {
        Files.write(file, List.of(lines));
        return file.toString();
    }

    @Test
    void aWorkspaceWhoseImportsAreNotCompiledIsRefusedBeforeAnyLeanStarts(@TempDir Path dir) throws Exception {
        // Lean would silently elaborate an uncompiled import in every process: for mathlib, hours each.
        Path src = Files.createDirectories(dir.resolve("lean/src"));
        Files.writeString(src.resolve("minif2f_import.lean"), "-- stands in for mathlib\n");
        Files.writeString(src.resolve("test.lean"), "theorem mathd_algebra_1 : 2 + 2 = 4 := sorry\n");
        Files.writeString(src.resolve("valid.lean"), "import minif2f_import\n\ntheorem mathd_algebra_1 : 2 + 2 = 4 := sorry\n");
        Path out = dir.resolve("run");
        ModelCommandsTest.Captured notCompiled = ModelCommandsTest.run("bench", "minif2f", "--split", "valid", "--minif2f",
                dir.toString(), "--lean-path", src.toString(), "--out", out.toString());
        assertEquals(2, notCompiled.status());
        assertTrue(notCompiled.err().contains("1 of the 1 modules imported have no compiled .olean, e.g. minif2f_import"),
                notCompiled.err());
        assertTrue(!Files.exists(out.resolve("results.jsonl")), "nothing was run");
        ModelCommandsTest.Captured notFound = ModelCommandsTest.run("bench", "minif2f", "--split", "valid", "--minif2f",
                dir.toString(), "--out", out.toString());
        assertEquals(2, notFound.status());
        assertTrue(notFound.err().contains("not on Lean's path") && notFound.err().contains("--lean-path"), notFound.err());
    }

    @Test
    void oleansFromElsewhereAreCheckedNotTrusted() throws Exception {
        LeanToolchain lean = LeanTests.toolchainOrSkip("miniF2F harness tests");
        // not under /tmp: the sandbox gives Lean an empty /tmp of its own
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "minif2f-oleans");
        try {
            damagedAndForeignOleansAreRefused(lean, dir);
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
            }
        }
    }

    private static void damagedAndForeignOleansAreRefused(LeanToolchain lean, Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("lean/src"));
        Files.writeString(src.resolve("minif2f_import.lean"), "-- stands in for mathlib\n");
        Files.writeString(src.resolve("test.lean"), "theorem mathd_algebra_1 : 2 + 2 = 4 := sorry\n");
        Files.writeString(src.resolve("valid.lean"), "import foo\n\ntheorem mathd_algebra_1 : foo_val = 42 := sorry\n");
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("foo.lean"), "def foo_val : ℕ := 42\n");
        ProcessBuilder pb = new ProcessBuilder(lean.lean().toString(), "--make", "foo.lean").directory(lib.toFile())
                .redirectErrorStream(true);
        pb.environment().put("LEAN_PATH", lean.leanPath(List.of(lib)));
        Process make = pb.start();
        String made = new String(make.getInputStream().readAllBytes());
        assertEquals(0, make.waitFor(), made);
        Path olean = lib.resolve("foo.olean");
        byte[] good = Files.readAllBytes(olean);
        String[] bench = {"bench", "minif2f", "--split", "valid", "--minif2f", dir.toString(), "--lean-path", lib.toString(),
                "--workers", "1", "--out", dir.resolve("run").toString()};

        // A damaged copy with a proper header: only Lean loading it can tell, so the warm-up must.
        Files.write(olean, java.util.Arrays.copyOf(good, 100));
        ModelCommandsTest.Captured damaged = ModelCommandsTest.run(bench);
        assertEquals(2, damaged.status(), damaged.err());
        assertTrue(damaged.err().contains("Lean could not load foo (") && damaged.err().contains("corrupted"), damaged.err());
        assertTrue(!Files.exists(dir.resolve("run/results.jsonl")), "no theorem was searched");

        // Overwritten with garbage: Lean would silently elaborate foo.lean in every process instead.
        Files.writeString(olean, "garbage\n");
        ModelCommandsTest.Captured garbage = ModelCommandsTest.run(bench);
        assertEquals(2, garbage.status(), garbage.err());
        assertTrue(garbage.err().contains("foo: " + olean.toAbsolutePath().normalize() + " is not an .olean file"),
                garbage.err());

        Files.write(olean, good);
        assertEquals(0, ModelCommandsTest.run(bench).status(), "the same workspace, intact, runs");
        assertEquals("proved", ProofResults.read(dir.resolve("run/results.jsonl")).get(0).status());
    }

    @Test
    void anIncompleteWorkspaceSaysWhatIsMissing(@TempDir Path dir) {
        assertEquals(2, Main.run("bench", "minif2f", "--split", "valid", "--minif2f", dir.toString()));
        assertEquals(2, Main.run("bench", "minif2f", "--split", "dev", "--minif2f", FIXTURE.toString()));
    }
}
