package dev.leanagent.search;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The search's port to whatever proposes tactics: a model, a fixed list, several merged. */
public interface TacticGenerator {

    CompletionStage<List<Candidate>> suggest(SearchState state);

    /** A short name for results files, e.g. {@code automation}. */
    String name();

    /**
     * The generator for attempt {@code attempt} (from 1) of a pass@k run. A sampling generator
     * draws with another seed, so attempts differ; a deterministic one is the same every time.
     */
    default TacticGenerator forAttempt(int attempt) {
        return this;
    }

    /**
     * The generator for a theorem whose file proves these lemmas before it (full names, in file
     * order), so it can propose using them. A generator that reads no lemmas is the same.
     */
    default TacticGenerator withLemmas(List<String> lemmas) {
        return this;
    }
}
