package dev.leanagent.minif2f.run;

import dev.leanagent.bridge.file.Declaration;

/** One theorem to search, and which attempt at it this is (attempt k of pass@k). */
public record Attempt(Declaration theorem, int number) {

    public String name() {
        return theorem.displayName();
    }
}
