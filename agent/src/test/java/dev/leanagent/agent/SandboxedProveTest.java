package dev.leanagent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.search.ProofResults;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `prove` with tactics that read host files: only what is on the Lean path can be read. */
class SandboxedProveTest {

    private LeanToolchain lean;

    @BeforeEach
    void needsLean() {
        lean = LeanTests.toolchainOrSkip("sandboxed prove tests");
    }

    @Test
    void aTacticThatNeedsAFileOutsideTheLeanPathProvesNothing(@TempDir Path dir) throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Path secret = Files.writeString(secrets.resolve("secret-test.txt"), "TOP-SECRET-4711");
        // Readable by anyone: only the sandbox's missing mount may refuse it.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path library = lean.corePath().get(0).resolve("init").resolve("core.lean");

        // Each theorem has one tactic that can close it, and that tactic first reads a file.
        Path tactics = Files.writeString(dir.resolve("tactics.conf"), """
                tactics = [
                  { tactic = "tactic.unsafe_run_io (io.fs.read_file \\"%s\\") >> tactic.reflexivity", logprob = -1.0, scope = core }
                  { tactic = "tactic.unsafe_run_io (io.fs.read_file \\"%s\\") >> tactic.triv", logprob = -1.0, scope = core }
                ]
                """.formatted(secret, library));
        Path file = Files.writeString(dir.resolve("reads.lean"), """
                import system.io

                theorem needs_the_secret : (1 : ℕ) = 1 := sorry
                theorem needs_the_library : true := sorry
                """);
        Path out = dir.resolve("results.jsonl");
        Main.run("prove", file.toString(), "--out", out.toString(), "--workers", "1", "--expansions", "5",
                "--set", "search.automation-tactics=" + tactics);

        Map<String, JsonNode> byName = new HashMap<>();
        for (String l : Files.readAllLines(out)) {
            JsonNode r = ProofResults.json().readTree(l);
            byName.put(r.path("name").asText(), r);
        }
        assertEquals(2, byName.size(), byName.toString());
        JsonNode control = byName.get("needs_the_library");
        assertEquals("proved", control.path("status").asText(), "the tactics work where the file is readable: " + control);
        assertTrue(control.path("checked").asBoolean(), control.toString());
        JsonNode refused = byName.get("needs_the_secret");
        assertNotEquals("proved", refused.path("status").asText(), "a tactic read " + secret + ": " + refused);
        assertTrue(!refused.toString().contains("TOP-SECRET"), refused.toString());
    }
}
