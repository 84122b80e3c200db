package dev.leanagent.agent;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Imports Lean cannot provide stop `prove` before any search. A module missing from the path is
 * caught by the walk of the import closure, before any Lean starts; a damaged one by the warm-up
 * it shares with the miniF2F harness (MiniF2FHarnessTest.oleansFromElsewhereAreCheckedNotTrusted).
 */
class ImportsThatDoNotLoadTest {

    @BeforeEach
    void needsLean() {
        LeanTests.toolchainOrSkip("prove end-to-end tests");
    }

    @Test
    void proveStopsWithASetUpErrorInsteadOfFailingEveryTheorem(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a.lean"), "import no_such_module\n\ntheorem t1 : true := sorry\n\n"
                + "theorem t2 : 1 = 1 := sorry\n");
        Path out = dir.resolve("results.jsonl");
        ModelCommandsTest.Captured r = ModelCommandsTest.run("prove", file.toString(), "--out", out.toString(),
                "--workers", "1");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("imports no_such_module, which is not on Lean's path"), r.err());
        assertFalse(Files.exists(out) && Files.size(out) > 0, "no theorem was searched");
    }
}
