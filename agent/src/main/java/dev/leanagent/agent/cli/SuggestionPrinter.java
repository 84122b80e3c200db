package dev.leanagent.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanagent.model.Suggestion;

import java.io.PrintStream;
import java.util.List;

/** One JSON object per line: {"tactic": …, "logprob": …, "tokens": …}, in the order given. */
final class SuggestionPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SuggestionPrinter() {
    }

    static void print(List<Suggestion> suggestions, PrintStream out) throws Exception {
        for (Suggestion s : suggestions) {
            ObjectNode o = JSON.createObjectNode();
            o.put("tactic", s.tactic());
            o.put("logprob", s.logprob());
            o.put("tokens", s.tokens());
            out.println(JSON.writeValueAsString(o));
        }
        out.flush();
    }
}
