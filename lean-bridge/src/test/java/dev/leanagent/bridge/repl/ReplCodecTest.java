package dev.leanagent.bridge.repl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplCodecTest {

    @Test
    void requestsAreAsciiWithUnicodeEscapes() {
        ObjectNode r = JsonNodeFactory.instance.objectNode().put("cmd", "start").put("binders", "(x : ℕ) (y : 𝔽)")
                .put("type", "x ≤ x\n");
        String line = new String(ReplCodec.encode(r), StandardCharsets.US_ASCII);
        assertTrue(line.chars().allMatch(c -> c < 128), line);
        assertTrue(line.contains("\\u2115"), line);
        assertTrue(line.contains("\\uD835\\uDD3D"), line);  // a surrogate pair, which Lean 3 decodes
        assertFalse(line.contains("\n"), "a request must stay on one line");
    }

    @Test
    void aStateReplyDecodes() throws Exception {
        JsonNode reply = ReplCodec.JSON.readTree("""
                {"canonical":"a b : ℕ\\n⊢ a + b = b + a","complete":false,
                 "goals":[{"hyps":[{"name":"a","type":"ℕ"},{"name":"b","type":"ℕ"}],"target":"a + b = b + a"}],
                 "id":1,"nonce":"n","ok":true,"pretty":"a b : ℕ\\n⊢ a + b = b + a","state":7}""");
        ProofState s = ReplCodec.outcome(reply).state();
        assertEquals(7, s.id());
        assertFalse(s.complete());
        assertEquals(List.of(new Goal(List.of(new Hypothesis("a", "ℕ"), new Hypothesis("b", "ℕ")), "a + b = b + a")), s.goals());
        assertEquals("a b : ℕ\n⊢ a + b = b + a", s.canonical());
    }

    @Test
    void anErrorReplyDecodes() throws Exception {
        JsonNode reply = ReplCodec.JSON.readTree(
                "{\"error\":{\"kind\":\"timeout\",\"message\":\"try_for tactic failed, timeout\"},\"id\":2,\"ok\":false}");
        Outcome o = ReplCodec.outcome(reply);
        assertFalse(o.ok());
        assertEquals(new ReplError("timeout", "try_for tactic failed, timeout"), o.error());
    }
}
