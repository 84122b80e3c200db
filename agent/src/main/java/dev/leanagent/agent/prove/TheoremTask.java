package dev.leanagent.agent.prove;

import dev.leanagent.bridge.file.Declaration;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.search.ProofEnvironment;

/** One theorem to search: where it is, and its proof environment on the pool. */
public record TheoremTask(LeanFile file, Declaration theorem, ProofEnvironment environment, int attempt) {

    public String name() {
        return theorem.displayName();
    }
}
