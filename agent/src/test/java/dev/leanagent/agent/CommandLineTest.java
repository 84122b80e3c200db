package dev.leanagent.agent;

import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

    @Test
    void defaultsFileAndOverridesLayerInOrder(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("my.conf");
        Files.writeString(f, "lean-agent.lean { memory-mb = 1234, tactic-timeout = 7s }\n");
        Config c = Settings.load(f, List.of("lean.memory-mb=999", "lean-agent.lean.path=[\"/a\", \"/b\"]"));
        LeanSettings s = LeanSettings.from(c);
        assertEquals(999, s.memoryMb());
        assertEquals(Duration.ofSeconds(7), s.tacticTimeout());
        assertEquals(List.of(Path.of("/a"), Path.of("/b")), s.path());
        assertEquals(100_000, s.heartbeats());
    }

    @Test
    void badSettingsNameTheProblem(@TempDir Path dir) {
        UsageException missing = assertThrows(UsageException.class, () -> Settings.load(dir.resolve("nope.conf"), List.of()));
        assertTrue(missing.getMessage().contains("nope.conf"));
        UsageException bad = assertThrows(UsageException.class, () -> Settings.load(null, List.of("lean.memory-mb=lots")));
        assertTrue(bad.getMessage().contains("memory-mb"), bad.getMessage());
        assertThrows(UsageException.class, () -> Settings.load(null, List.of("no-equals-sign")));
    }

    @Test
    void helpListsTheCommands() {
        String out = capture(() -> assertEquals(0, Main.run("--help")));
        for (String cmd : List.of("prove", "check", "repl", "config", "bench-pool")) assertTrue(out.contains(cmd), out);
    }

    @Test
    void configPrintsTheSettingsInEffect() {
        String out = capture(() -> assertEquals(0, Main.run("config", "--set", "lean.memory-mb=2345")));
        assertTrue(out.contains("memory-mb=2345"), out);
        assertTrue(out.contains("# lean:"), out);
    }

    @Test
    void poolSettingsAreReadAndCheckedWithTheirKeyNamed() {
        dev.leanagent.bridge.pool.PoolSettings auto = PoolConfig.from(Settings.load(null, List.of()));
        assertEquals(0, auto.workers(), "auto");
        assertEquals(Duration.ofSeconds(5), auto.tacticTimeout(), "tactic limits come from lean.*");
        dev.leanagent.bridge.pool.PoolSettings three = PoolConfig.from(Settings.load(null,
                List.of("pool.workers=3", "pool.recycle-after-requests=50")));
        assertEquals(3, three.workers());
        assertEquals(50, three.recycleAfterRequests());
        UsageException bad = assertThrows(UsageException.class, () -> Settings.load(null, List.of("pool.workers=many")));
        assertTrue(bad.getMessage().contains("pool.workers"), bad.getMessage());
        assertThrows(UsageException.class, () -> Settings.load(null, List.of("pool.max-attempts=0")));
    }

    @Test
    void benchPoolRefusesABadWorkerCount() {
        assertEquals(2, Main.run("bench-pool", "--workers", "1,0"));
    }

    @Test
    void proveRefusesBadInputWithAUsageError(@TempDir Path dir) throws Exception {
        assertEquals(2, Main.run("prove", "/no/such/file.lean"));
        Path f = dir.resolve("t.lean");
        Files.writeString(f, "theorem t : true := sorry\n");
        assertEquals(2, Main.run("prove", f.toString(), "--resume"), "--resume needs --out");
        assertEquals(2, Main.run("prove", f.toString(), "--generator", "oracle"));
        assertEquals(2, Main.run("prove", f.toString(), "--theorem", "nope"));
        assertEquals(2, Main.run("prove", f.toString(), "--expansions", "0"));
        assertEquals(2, Main.run("prove", f.toString(), "--set", "search.priority=random"));
    }

    @Test
    void twoMiniF2FRunsSideBySide(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("a")), b = Files.createDirectories(dir.resolve("b"));
        String proved = "{\"name\": \"%s\", \"status\": \"proved\", \"checked\": true, \"attempt\": 1, \"seconds\": 1}";
        String failed = "{\"name\": \"%s\", \"status\": \"budget\", \"checked\": false, \"attempt\": 1, \"seconds\": 9}";
        Files.write(a.resolve("results.jsonl"), List.of(proved.formatted("amc12_1"), failed.formatted("imo_2")));
        Files.write(b.resolve("results.jsonl"), List.of(proved.formatted("amc12_1"), proved.formatted("imo_2")));
        Files.writeString(b.resolve("run.json"), "{\"split\": \"valid (2 theorems)\", \"budget\": \"400 expansions\"}");
        Path md = dir.resolve("compare.md");
        assertEquals(0, Main.run("bench", "minif2f", "report", a.toString(), b.toString(), "--out", md.toString()));
        String text = Files.readString(md);
        assertTrue(text.contains("| **budget** | — | 400 expansions |"), text);
        assertTrue(text.contains("- B only (1): `imo_2`"), text);
        assertTrue(!Files.exists(a.resolve("report.md")), "comparing rewrites neither run's report");

        Files.writeString(a.resolve("run.json"), "{\"split\": \"test (2 theorems)\"}");
        assertEquals(2, Main.run("bench", "minif2f", "report", a.toString(), b.toString()), "valid beside test is refused");
        assertEquals(2, Main.run("bench", "minif2f", "report", dir.resolve("none").toString()));
    }

    @Test
    void checkOfAMissingFileIsAUsageError() {
        assertEquals(2, Main.run("check", "/no/such/file.lean"));
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, Main.run("check", "--frobnicate"));
    }

    @Test
    void aDirectoryOrALean4FileIsRefusedWithWhatItIs(@TempDir Path dir) throws Exception {
        String err = captureErr(() -> assertEquals(2, Main.run("prove", dir.toString())));
        assertTrue(err.contains(dir + " is a directory"), err);
        err = captureErr(() -> assertEquals(2, Main.run("check", dir.toString())));
        assertTrue(err.contains(dir + " is a directory"), err);
        Path lean4 = dir.resolve("four.lean");
        Files.writeString(lean4, "import Mathlib\n\ntheorem x (n : Nat) : n + 0 = n := by\n  simp\n");
        err = captureErr(() -> assertEquals(2, Main.run("prove", lean4.toString())));
        assertTrue(err.contains("looks like Lean 4 (line 1: import Mathlib") && err.contains("for Lean 3"), err);
        assertEquals(2, Main.run("check", lean4.toString()));
    }

    @Test
    void configPrintsAFileThatConfigReadsBack(@TempDir Path dir) throws Exception {
        String out = capture(() -> assertEquals(0, Main.run("config", "--set", "search.expansions=9",
                "--set", "pool.workers=3")));
        Path f = dir.resolve("printed.conf");
        Files.writeString(f, out);
        Config c = Settings.load(f, List.of());
        assertEquals(9, SearchConfig.from(c).settings().maxExpansions(), out);
        assertEquals(3, PoolConfig.from(c).workers(), out);
    }

    @Test
    void aConfigFileTakesKeysWithOrWithoutThePrefix(@TempDir Path dir) throws Exception {
        Path bare = dir.resolve("bare.conf");
        Files.writeString(bare, "search.expansions = 7\npool { workers = 2 }\n");
        Config c = Settings.load(bare, List.of());
        assertEquals(7, SearchConfig.from(c).settings().maxExpansions());
        assertEquals(2, PoolConfig.from(c).workers());
        Path rooted = dir.resolve("rooted.conf");
        Files.writeString(rooted, "lean-agent { search.expansions = 8 }\n");
        assertEquals(8, SearchConfig.from(Settings.load(rooted, List.of())).settings().maxExpansions());
    }

    @Test
    void unknownSettingsAreRefusedWithTheNearestKnownKey(@TempDir Path dir) throws Exception {
        UsageException typo = assertThrows(UsageException.class, () -> Settings.load(null, List.of("lean.memroy-mb=8192")));
        assertTrue(typo.getMessage().contains("lean.memroy-mb") && typo.getMessage().contains("did you mean lean.memory-mb?"),
                typo.getMessage());
        Path f = dir.resolve("typo.conf");
        Files.writeString(f, "lean-agent.search.expansion = 7\n");
        UsageException inFile = assertThrows(UsageException.class, () -> Settings.load(f, List.of()));
        assertTrue(inFile.getMessage().contains("did you mean search.expansions?"), inFile.getMessage());
        assertTrue(inFile.getMessage().contains(f.toString()), inFile.getMessage());
        assertEquals(2, Main.run("config", "--set", "pool.wrokers=2"));
    }

    @Test
    void aBadValueNamesTheKeyTheValueAndWhatIsExpected() {
        UsageException e = assertThrows(UsageException.class, () -> Settings.load(null, List.of("pool.workers=banana")));
        String m = e.getMessage();
        assertTrue(m.contains("pool.workers") && m.contains("'banana'") && m.contains("'auto' or a number"), m);
        assertTrue(!m.contains("jar:") && !m.contains("merge of") && !m.contains("reference.conf"), m);
        UsageException type = assertThrows(UsageException.class, () -> Settings.load(null, List.of("lean.memory-mb=lots")));
        assertTrue(type.getMessage().contains("lean.memory-mb: expected number, got 'lots'"), type.getMessage());
    }

    @Test
    void timeoutTakesADuration(@TempDir Path dir) throws Exception {
        assertEquals(Duration.ofSeconds(90), dev.leanagent.agent.cli.DurationConverter.parse("90"));
        assertEquals(Duration.ofMillis(1500), dev.leanagent.agent.cli.DurationConverter.parse("1.5"));
        assertEquals(Duration.ofSeconds(90), dev.leanagent.agent.cli.DurationConverter.parse("90s"));
        assertEquals(Duration.ofMinutes(10), dev.leanagent.agent.cli.DurationConverter.parse("10m"));
        Path f = dir.resolve("done.lean");
        Files.writeString(f, "theorem t : true := trivial\n");
        assertEquals(0, Main.run("prove", f.toString(), "--timeout", "1.5"), "nothing to prove, after accepting 1.5");
        assertEquals(2, Main.run("prove", f.toString(), "--timeout", "1.5x"));
        assertEquals(2, Main.run("prove", f.toString(), "--timeout", "0"));
    }

    @Test
    void anOptionErrorIsShownWithAPointerToHelpNotTheWholeUsage() {
        String err = captureErr(() -> assertEquals(2, Main.run("prove", "--timout", "3", "f.lean")));
        assertTrue(err.contains("--timout") && err.contains("lean-agent prove --help"), err);
        assertTrue(!err.contains("Usage:") && err.lines().count() <= 4, err);
    }

    @Test
    void proveHelpListsModelOptionsAfterTheCoreOnesAndKeepsKeysWhole() {
        String out = capture(() -> assertEquals(0, Main.run("prove", "--help")));
        int heading = out.indexOf("Model options (only with --generator model)");
        assertTrue(heading > 0, out);
        for (String core : List.of("--expansions", "--timeout", "--workers", "--out")) {
            assertTrue(out.indexOf(core) >= 0 && out.indexOf(core) < heading, core + " before the model options:\n" + out);
        }
        for (String model : List.of("--model=DIR", "--temperature", "--beam")) {
            assertTrue(out.indexOf(model) > heading, model + " under the heading:\n" + out);
        }
        assertTrue(out.contains("search.expansions = 100"), out);
        assertTrue(!out.matches("(?s).*[A-Za-z*]\\.\\s*\\n\\s+[a-z].*"), "a dotted name broken across lines:\n" + out);
        assertTrue(out.lines().allMatch(l -> l.length() <= 80), out);
    }

    private static String captureErr(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString();
    }

    private static String capture(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }
}
