package dev.leanagent.agent.cli;

import dev.leanagent.model.TacticModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Log-probs of given tactics for a Lean 3 tactic state under a tactic model.",
                "",
                "Each tactic is encoded on its own (no BOS) and appended to the prompt; its logprob is the sum of its "
                        + "tokens' log-probs (teacher forcing, one batched pass, no stop token counted). Prints one JSON "
                        + "object per line in the order given: {\"tactic\": …, \"logprob\": …, \"tokens\": …}."})
public final class ScoreCommand implements Callable<Integer> {

    @Mixin
    StateArgs state;

    @Option(names = "--tactic", paramLabel = "T", required = true, description = "A tactic to score (repeatable).")
    List<String> tactics;

    @Mixin
    ModelArgs model;

    @Override
    public Integer call() throws Exception {
        String text = state.state();
        try (TacticModel m = model.load()) {
            SuggestionPrinter.print(m.score(text, tactics), System.out);
        }
        return 0;
    }
}
