package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.PoolConfig;
import dev.leanagent.agent.UsageException;
import dev.leanagent.bridge.pool.PoolSettings;
import picocli.CommandLine.Option;

/** {@code --workers} for commands that run a Lean pool. */
public final class PoolOptions {

    @Option(names = "--workers", paramLabel = "N",
            description = "Lean processes to run (default: pool.workers = auto, from the cores and the free memory).")
    Integer workers;

    PoolSettings settings(Config config) {
        PoolSettings s = PoolConfig.from(config);
        if (workers == null) return s;
        if (workers < 1) throw new UsageException("--workers must be at least 1, not " + workers);
        return s.withWorkers(workers);
    }
}
