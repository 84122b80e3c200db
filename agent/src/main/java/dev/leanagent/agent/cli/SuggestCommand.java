package dev.leanagent.agent.cli;

import dev.leanagent.model.Suggestion;
import dev.leanagent.model.TacticModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "suggest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Propose next tactics for a Lean 3 tactic state with a tactic model.",
                "",
                "Prints one JSON object per line, best first: {\"tactic\": …, \"logprob\": …, \"tokens\": …}. "
                        + "logprob is the sum of the tactic's token log-probs under the model (a bare stop token not counted).",
                "",
                "Example: ./lean-agent suggest --model ~/models/internlm2-math-7b --state 'n : ℕ ⊢ n + 0 = n' --num 8"})
public final class SuggestCommand implements Callable<Integer> {

    @Mixin
    StateArgs state;

    @Mixin
    ModelArgs model;

    @Mixin
    GenerationArgs generation;

    @Override
    public Integer call() throws Exception {
        String text = state.state();
        var settings = generation.settings();
        long start = System.nanoTime();
        try (TacticModel m = model.load()) {
            System.err.printf("loaded %s (%s) in %.1f s%n", m.id(), m.describe(), (System.nanoTime() - start) / 1e9);
            long t = System.nanoTime();
            List<Suggestion> out = m.suggest(text, settings);
            System.err.printf("%d candidates in %.2f s%n", out.size(), (System.nanoTime() - t) / 1e9);
            SuggestionPrinter.print(out, System.out);
        }
        return 0;
    }
}
