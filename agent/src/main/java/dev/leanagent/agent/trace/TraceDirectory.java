package dev.leanagent.agent.trace;

import dev.leanagent.agent.UsageException;
import dev.leanagent.search.SearchListener;
import dev.leanagent.search.SearchSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/** Where a run's traces go ({@code --trace DIR}): one file per theorem and attempt, named by {@link TraceFormat#fileName}. */
public final class TraceDirectory {

    private final Path dir;

    private TraceDirectory(Path dir) {
        this.dir = dir;
    }

    /** The directory, made when missing; a usage error when it cannot be. */
    public static TraceDirectory create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UsageException("--trace " + dir + ": cannot make the directory: " + e.getMessage());
        }
        if (!Files.isWritable(dir)) throw new UsageException("--trace " + dir + ": the directory is not writable");
        return new TraceDirectory(dir);
    }

    public Path dir() {
        return dir;
    }

    /**
     * The trace of one search, its header written. {@code file} and {@code name} as the result line
     * has them, so traces and results match.
     */
    public SearchListener open(String file, String name, int attempt, String generator, SearchSettings settings,
                               int parallelTactics) {
        TraceLine.Search header = new TraceLine.Search(TraceLine.FORMAT, file, name, attempt, generator, parallelTactics,
                settings.maxExpansions(), settings.timeout().toMillis() / 1000.0, settings.maxDepth(),
                settings.order().name().toLowerCase(Locale.ROOT), settings.priority().name().toLowerCase(Locale.ROOT),
                Instant.now().toString());
        return new TraceWriter(dir, TraceFormat.fileName(file, name, attempt), header);
    }
}
