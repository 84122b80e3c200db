package dev.leanagent.agent;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.leanagent.bridge.pool.PoolSettings;

/** The {@code lean-agent.pool} block of the configuration, typed; tactic limits come from {@code lean}. */
public final class PoolConfig {

    private PoolConfig() {
    }

    public static PoolSettings from(Config root) {
        Config c = root.getConfig("lean-agent.pool");
        LeanSettings lean = LeanSettings.from(root);
        String w = c.getString("workers").strip();
        int workers;
        if (w.equals("auto")) {
            workers = 0;
        } else {
            try {
                workers = Integer.parseInt(w);
            } catch (NumberFormatException e) {
                throw new ConfigException.BadValue(c.origin(), "lean-agent.pool.workers",
                        "expected 'auto' or a number of workers, got '" + w + "'");
            }
            if (workers < 1) {
                throw new ConfigException.BadValue(c.origin(), "lean-agent.pool.workers",
                        "expected 'auto' or at least 1, got " + workers);
            }
        }
        try {
            return new PoolSettings(workers, c.getInt("max-queue"), c.getLong("recycle-after-requests"),
                    c.getLong("recycle-above-mb"), c.getInt("max-attempts"), c.getLong("memory-reserve-mb"),
                    c.getDouble("worker-growth"), lean.tacticTimeout(), lean.heartbeats(),
                    c.getDuration("request-timeout"), c.getDuration("restart-backoff-min"),
                    c.getDuration("restart-backoff-max"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(c.origin(), "lean-agent.pool", e.getMessage());
        }
    }
}
