package dev.leanagent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `lean-agent repl` keeps the pool's reply deadline and ends with its input. */
class ReplCommandTest {

    private InputStream stdin;
    private PrintStream stdout;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void needsLean() {
        LeanTests.toolchainOrSkip("repl command tests");
        stdin = System.in;
        stdout = System.out;
    }

    @AfterEach
    void restore() {
        System.setIn(stdin);
        System.setOut(stdout);
    }

    private List<JsonNode> run(String input, String... args) throws Exception {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int status = Main.run(args);
        System.setOut(stdout);
        List<JsonNode> replies = new ArrayList<>();
        for (String l : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (l.startsWith("{")) replies.add(JsonMapper.builder().build().readTree(l));
        }
        replies.add(JsonMapper.builder().build().createObjectNode().put("status", status));
        return replies;
    }

    private static final String START = "{\"id\": 1, \"cmd\": \"start\", \"type\": \"true\"}\n";

    @Test
    void aTacticBlockedInIoIsKilledAtTheDeadlineWithEveryProcessItStarted() throws Exception {
        String marker = "7373" + ProcessHandle.current().pid() % 10_000;
        // io.cmd waits for the end of the shell's output, which the background sleep holds open.
        String blocked = "{\"id\": 2, \"cmd\": \"tactic\", \"state\": 0, \"timeout_ms\": 1000, \"tactic\": "
                + "\"tactic.unsafe_run_io (io.cmd {cmd := \\\"sh\\\", args := [\\\"-c\\\", \\\"sleep " + marker
                + " & echo started\\\"]}) >> tactic.triv\"}\n";
        long t0 = System.nanoTime();
        List<JsonNode> replies = run(START + blocked, "repl", "--set", "lean.reply-margin=2s");
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertEquals(3, replies.size(), replies.toString());
        assertTrue(replies.get(0).path("ok").asBoolean(), replies.toString());
        assertFalse(replies.get(0).has("nonce"), "the client's nonce is not the user's business");
        JsonNode lost = replies.get(1);
        assertEquals(2, lost.path("id").asInt(), lost.toString());
        assertEquals("no_reply", lost.path("error").path("kind").asText(), lost.toString());
        assertEquals(1, replies.get(2).path("status").asInt());
        assertTrue(seconds < 60, "the command took " + seconds + " s for a 1 s tactic with a 2 s margin");
        assertFalse(ProcessHandle.allProcesses().anyMatch(h -> h.info().commandLine().orElse("").contains("sleep " + marker)),
                "the tactic's background process outlived the command");
    }

    @Test
    void endOfInputEndsTheCommandAndUtf8RequestsWork() throws Exception {
        String tactic = "{\"id\": 2, \"cmd\": \"tactic\", \"state\": 0, \"tactic\": \"exact trivial -- ℕ ⊢\"}\n";
        String init = "{\"id\": 3, \"cmd\": \"init\", \"nonce\": \"mine\"}\n";
        List<JsonNode> replies = run(START + tactic + init, "repl");
        assertEquals(4, replies.size(), replies.toString());
        assertTrue(replies.get(1).path("complete").asBoolean(), replies.toString());
        assertEquals("bad_request", replies.get(2).path("error").path("kind").asText(), replies.toString());
        assertEquals(0, replies.get(3).path("status").asInt());
    }
}
