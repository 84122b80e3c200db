package dev.leanagent.agent;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.leanagent.model.service.ServiceSettings;

/** The {@code lean-agent.model-service} block of the configuration: the model service's batching and cache. */
public final class ModelServiceConfig {

    private static final String BLOCK = "lean-agent.model-service";

    private ModelServiceConfig() {
    }

    public static ServiceSettings from(Config root) {
        // Read by full path, so that a wrong type is reported under the name the user writes.
        Config c = root.withOnlyPath(BLOCK);
        try {
            return new ServiceSettings(c.getInt(BLOCK + ".max-batch-tokens"), c.getDuration(BLOCK + ".max-wait"),
                    c.getLong(BLOCK + ".cache-size"), c.getDuration(BLOCK + ".request-timeout"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue("model-service", e.getMessage());
        }
    }
}
