package dev.leanagent.minif2f.run;

import dev.leanagent.minif2f.Workspace;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the user asked to run.
 *
 * @param setupDir the workspace directory when {@code setup} made it (messages then point at setup)
 * @param limit    only the first N theorems in file order, or null for all
 * @param names    a file naming the theorems to run, one per line, or null for all
 * @param out      where results and the report go, or null for {@code runs/minif2f-SPLIT}
 * @param resume   skip attempts already in {@code out/results.jsonl}
 */
public record RunRequest(String split, Workspace workspace, Optional<Path> setupDir, Integer limit, Path names,
                         int attempts, Path out, boolean resume) {

    public Path dir() {
        return out != null ? out : Path.of("runs", "minif2f-" + split);
    }
}
