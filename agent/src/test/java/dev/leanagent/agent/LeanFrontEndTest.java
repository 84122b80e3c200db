package dev.leanagent.agent;

import dev.leanagent.agent.serve.ApiServer;
import dev.leanagent.agent.serve.LeanFrontEnd;
import dev.leanagent.agent.serve.ServeLimits;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Lean 3 front-end against a running server: a real Lean elaborates a file that uses
 * {@code lean_agent.suggest} / {@code lean_agent.prove} (calling the server with curl), and the
 * tactic of its {@code Try this:}, pasted in place, makes the file check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeanFrontEndTest {

    private static final String TOKEN = "front-end-token-0123456789";
    private static final Pattern TRY_THIS = Pattern.compile("Try this: (.*)");

    @TempDir
    Path dir;
    private LeanToolchain lean;
    private ApiServer server;

    @BeforeAll
    void start() throws Exception {
        lean = LeanTests.toolchainOrSkip("Lean front-end tests");
        server = ApiServer.start(ServeTestBackend.create(lean, 1), ServeLimits.from(Settings.load(null, List.of())),
                "127.0.0.1", 0, Optional.of(TOKEN));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }

    /** Runs the user's Lean (not sandboxed: it is theirs, and must reach the server) on {@code text}. */
    private String runLean(String name, String text) throws Exception {
        Files.writeString(dir.resolve("lean_agent.lean"), LeanFrontEnd.text(), StandardCharsets.UTF_8);
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(lean.lean().toString(), file.toString()).redirectErrorStream(true)
                .directory(dir.toFile());
        pb.environment().put("LEAN_PATH", lean.leanPath(List.of(dir)));
        pb.environment().put("LEAN_AGENT_URL", "http://127.0.0.1:" + server.address().getPort());
        pb.environment().put("LEAN_AGENT_TOKEN", TOKEN);
        pb.environment().put("LEAN_AGENT_TIMEOUT", "60");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES));
        return out;
    }

    private void pastedInChecks(String goal, String tactic, String out) throws Exception {
        Matcher m = TRY_THIS.matcher(out);
        assertTrue(m.find(), out);
        String pasted = goal + "begin\n  " + m.group(1).strip() + "\nend\n";
        String again = runLean("pasted.lean", pasted);
        assertFalse(again.contains("error") || again.contains("sorry"), pasted + "\n" + again);
    }

    @Test
    void suggestPrintsATryThisThatChecks() throws Exception {
        String goal = "example (n : ℕ) : n + 0 = n :=\n";
        String out = runLean("use_suggest.lean", "import lean_agent\n\n" + goal + "begin\n  lean_agent.suggest\nend\n");
        assertFalse(out.contains("error"), out);
        pastedInChecks(goal, "lean_agent.suggest", out);
    }

    @Test
    void proveFindsAWholeProof() throws Exception {
        String goal = "example (p q : Prop) (hp : p) (hq : q) : q ∧ p :=\n";
        String out = runLean("use_prove.lean", "import lean_agent\n\n" + goal + "begin\n  lean_agent.prove\nend\n");
        assertFalse(out.contains("error"), out);
        pastedInChecks(goal, "lean_agent.prove", out);
    }

    @Test
    void aWrongTokenIsReportedAsTheServerSaysIt() throws Exception {
        Files.writeString(dir.resolve("lean_agent.lean"), LeanFrontEnd.text(), StandardCharsets.UTF_8);
        Path file = dir.resolve("wrong_token.lean");
        Files.writeString(file, "import lean_agent\n\nexample : true :=\nbegin\n  lean_agent.suggest\nend\n");
        ProcessBuilder pb = new ProcessBuilder(lean.lean().toString(), file.toString()).redirectErrorStream(true);
        pb.environment().put("LEAN_PATH", lean.leanPath(List.of(dir)));
        pb.environment().put("LEAN_AGENT_URL", "http://127.0.0.1:" + server.address().getPort());
        pb.environment().put("LEAN_AGENT_TOKEN", "not-the-token");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES));
        assertTrue(out.contains("lean_agent.suggest: unauthorized"), out);
        assertEquals(-1, out.indexOf("Try this"), out);
    }
}
