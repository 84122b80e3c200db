package dev.leanagent.bridge.repl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** Encoding of requests and decoding of replies (PROTOCOL.md), apart from the process plumbing. */
public final class ReplCodec {

    /** Lean 3's JSON parser reads raw UTF-8 bytes as separate characters; {@code \\u} escapes work. */
    static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private ReplCodec() {
    }

    /** One request line, ASCII only, without the newline. */
    public static byte[] encode(ObjectNode request) {
        try {
            return JSON.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode a request", e);
        }
    }

    /** The outcome of a {@code start} or {@code tactic} reply. */
    public static Outcome outcome(JsonNode reply) {
        if (!reply.path("ok").asBoolean()) {
            JsonNode e = reply.path("error");
            return new Outcome.Failed(new ReplError(e.path("kind").asText("missing_error"), e.path("message").asText()));
        }
        List<Goal> goals = new ArrayList<>();
        for (JsonNode g : reply.path("goals")) {
            List<Hypothesis> hyps = new ArrayList<>();
            for (JsonNode h : g.path("hyps")) hyps.add(new Hypothesis(h.path("name").asText(), h.path("type").asText()));
            goals.add(new Goal(List.copyOf(hyps), g.path("target").asText()));
        }
        return new Outcome.Ok(new ProofState(reply.path("state").asInt(), reply.path("complete").asBoolean(),
                List.copyOf(goals), reply.path("pretty").asText(), reply.path("canonical").asText()));
    }
}
