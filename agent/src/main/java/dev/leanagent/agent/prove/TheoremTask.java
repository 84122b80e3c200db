package dev.leanagent.agent.prove;

import dev.leanagent.bridge.file.Declaration;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.search.ProofEnvironment;

import java.util.List;

/** One theorem to search: where it is, and its proof environment on the pool. */
public record TheoremTask(LeanFile file, Declaration theorem, ProofEnvironment environment, int attempt) {

    public String name() {
        return theorem.displayName();
    }

    /** The theorems and lemmas proved before this one in its file (none using sorry): what its search may use. */
    public List<String> earlierLemmas() {
        return file.declarations().stream()
                .filter(d -> d.start() < theorem.start() && d.isTheorem() && !d.usesSorry() && d.fullName() != null)
                .map(Declaration::fullName).toList();
    }
}
