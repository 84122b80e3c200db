package dev.leanagent.agent;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.leanagent.bridge.pool.PoolSettings;

/** The {@code lean-agent.pool} block of the configuration, typed; tactic limits come from {@code lean}. */
public final class PoolConfig {

    private PoolConfig() {
    }

    public static PoolSettings from(Config root) {
        // Read by full path, so that a wrong type is reported under the name the user writes.
        Config c = root.withOnlyPath("lean-agent.pool");
        LeanSettings lean = LeanSettings.from(root);
        String w = c.getString("lean-agent.pool.workers").strip();
        int workers;
        if (w.equals("auto")) {
            workers = 0;
        } else {
            try {
                workers = Integer.parseInt(w);
            } catch (NumberFormatException e) {
                throw Settings.badValue(c, "lean-agent.pool.workers", "'auto' or a number of workers (at least 1)");
            }
            if (workers < 1) {
                throw Settings.badValue(c, "lean-agent.pool.workers", "'auto' or a number of workers (at least 1)");
            }
        }
        try {
            return new PoolSettings(workers, c.getInt("lean-agent.pool.max-queue"), c.getLong("lean-agent.pool.recycle-after-requests"),
                    c.getLong("lean-agent.pool.recycle-above-mb"), c.getInt("lean-agent.pool.max-attempts"), c.getLong("lean-agent.pool.memory-reserve-mb"),
                    c.getDouble("lean-agent.pool.worker-growth"), lean.tacticTimeout(), lean.heartbeats(),
                    c.getDuration("lean-agent.pool.request-timeout"), c.getDuration("lean-agent.pool.restart-backoff-min"),
                    c.getDuration("lean-agent.pool.restart-backoff-max"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue("pool", e.getMessage());
        }
    }
}
