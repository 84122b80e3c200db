package dev.leanagent.agent;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `prove` shares the warm-up with the miniF2F harness: imports no Lean process can load stop it before any search. */
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
        assertTrue(r.err().contains("no Lean process for imports [no_such_module] could be started")
                && r.err().contains("invalid import: no_such_module"), r.err());
        assertFalse(Files.exists(out) && Files.size(out) > 0, "no theorem was searched");
    }
}
