package dev.leanagent.agent.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** The JSON bodies of the API (API.md beside this file), snake_case on the wire. */
final class Api {

    private Api() {
    }

    record SuggestRequest(String state, String statement, String context, List<String> tactics, Integer num) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SuggestResponse(String generator, String state, List<Suggestion> candidates) {
    }

    /** {@code status}: closes_goal, ok or error, present only when the request had a statement. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Suggestion(String tactic, double logprob, String status, String error, Integer goals, String state) {
    }

    record ProveRequest(String statement, String context, String file, String theorem, Integer expansions,
                        Double timeoutS) {
    }

    /**
     * One line of a prove stream: started, progress (every second), then result. {@code bestDepth}:
     * the greatest depth of any state reached so far (the root 0), on progress and result.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ProveEvent(String event, String theorem, Integer expansions, Double seconds, Integer bestDepth,
                      String status, List<String> proof, String reason, Boolean checked, Integer maxExpansions,
                      Double timeoutS) {

        static ProveEvent started(String theorem, int maxExpansions, double timeoutS) {
            return new ProveEvent("started", theorem, null, null, null, null, null, null, null, maxExpansions,
                    timeoutS);
        }

        static ProveEvent progress(int expansions, double seconds, int bestDepth) {
            return new ProveEvent("progress", null, expansions, seconds, bestDepth, null, null, null, null, null, null);
        }
    }

    record CheckRequest(String file) {
    }

    record CheckResponse(boolean ok, List<CheckedDeclaration> declarations, List<String> fileErrors) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CheckedDeclaration(String name, int line, boolean ok, String reason) {
    }

    /** LeanCopilot's external generator request: {@code name} (the model), {@code input} (the state), {@code prefix}. */
    record GenerateRequest(String name, String input, String prefix) {
    }

    record GenerateResponse(List<Generation> outputs) {
    }

    record Generation(String output, double score) {
    }

    /** OpenAI's legacy completions request; fields this server does not use are ignored. */
    record CompletionRequest(String model, JsonNode prompt, Integer maxTokens, Integer n, Integer logprobs,
                             Double temperature, Boolean stream) {
    }

    record CompletionResponse(String id, String object, long created, String model, List<Choice> choices, Usage usage) {
    }

    record Choice(String text, int index, Logprobs logprobs, String finishReason) {
    }

    /** One "token" per tactic: its log-prob is the tactic's whole log-prob (API.md says why). */
    record Logprobs(List<String> tokens, List<Double> tokenLogprobs, List<Object> topLogprobs, List<Integer> textOffset) {
    }

    record Usage(int promptTokens, int completionTokens, int totalTokens) {
    }

    record Health(String status, String generator, int searchesRunning, List<String> importSets) {
    }

    record ErrorBody(Error error) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String kind, String message, Integer retryAfterSeconds) {
    }
}
