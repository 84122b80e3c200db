package dev.leanagent.agent.serve;

import dev.leanagent.model.tokenizer.PromptTemplates;

/**
 * The tactic state inside an OpenAI completions prompt: a client of {@code /v1/completions} sends
 * the state rendered in one of the project's prompt templates (as the openai generator does) or
 * the bare state; the generator wants the bare state.
 */
final class PromptState {

    private static final String MARK = "\u0000";

    private PromptState() {
    }

    static String of(String prompt) {
        for (String name : PromptTemplates.names()) {
            String rendered = PromptTemplates.byName(name).render(MARK);
            int at = rendered.indexOf(MARK);
            String prefix = rendered.substring(0, at);
            String suffix = rendered.substring(at + MARK.length());
            // Clients often leave the BOS token to the server.
            for (String p : new String[]{prefix, prefix.startsWith("<s>") ? prefix.substring(3) : prefix}) {
                if (prompt.startsWith(p) && prompt.endsWith(suffix) && prompt.length() >= p.length() + suffix.length()) {
                    return prompt.substring(p.length(), prompt.length() - suffix.length());
                }
            }
        }
        return prompt;
    }
}
