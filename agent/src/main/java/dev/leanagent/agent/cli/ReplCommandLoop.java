package dev.leanagent.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanagent.bridge.repl.LeanProcessException;
import dev.leanagent.bridge.repl.ReplProcess;
import dev.leanagent.bridge.repl.ReplSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The {@code repl} command's loop: each line of input goes to the REPL, and its reply is printed
 * once it comes, within the deadline the pool keeps (a tactic's limit plus
 * {@code lean.reply-margin}). A request past it means Lean is blocked where its own limits do not
 * reach (IO in a tactic): the process group is killed, a last error reply says so, and the loop
 * ends. End of input ends it at once; closing the REPL kills whatever is left.
 */
final class ReplCommandLoop {

    /** Exit status when Lean had to be killed or died. */
    static final int LEAN_LOST = 1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReplProcess repl;
    private final ReplSettings settings;
    private final PrintStream out;

    ReplCommandLoop(ReplProcess repl, ReplSettings settings, PrintStream out) {
        this.repl = repl;
        this.settings = settings;
        this.out = out;
    }

    int run(InputStream in) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isBlank()) continue; // the REPL answers nothing to a blank line
            JsonNode request = parse(line);
            if (request.path("cmd").asText("").equals("init")) {
                // Another nonce would hide every later reply from the client, which sent its own.
                out.println(JSON.writeValueAsString(error(request, "bad_request",
                        "'init' is sent by lean-agent repl itself; start with 'start'")));
                out.flush();
                continue;
            }
            try {
                JsonNode reply = repl.forward(line.getBytes(StandardCharsets.UTF_8), deadline(request));
                if (reply instanceof ObjectNode o) o.remove("nonce"); // ours, not the user's
                out.println(JSON.writeValueAsString(reply));
                out.flush();
            } catch (LeanProcessException e) {
                out.println(JSON.writeValueAsString(lost(request, e)));
                out.flush();
                return LEAN_LOST;
            }
        }
        return 0;
    }

    /** The pool's deadline for this request: what Lean may take, plus the margin for a reply. */
    Duration deadline(JsonNode request) {
        String cmd = request.path("cmd").asText("");
        if (cmd.equals("start")) return settings.startupTimeout();
        if (cmd.equals("tactic")) {
            JsonNode ms = request.path("timeout_ms");
            Duration limit = ms.canConvertToLong() && ms.asLong() >= 0 ? Duration.ofMillis(ms.asLong())
                    : settings.tacticTimeout();
            return limit.plus(settings.replyMargin());
        }
        return settings.replyMargin();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return JsonNodeFactory.instance.objectNode(); // the REPL says what is wrong with it
        }
    }

    private static ObjectNode lost(JsonNode request, LeanProcessException e) {
        return error(request, e.hung() ? "no_reply" : "lean_died", e.getMessage());
    }

    private static ObjectNode error(JsonNode request, String kind, String message) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.set("id", request.has("id") ? request.get("id") : JsonNodeFactory.instance.nullNode());
        reply.put("ok", false);
        reply.putObject("error").put("kind", kind).put("message", message);
        return reply;
    }
}
