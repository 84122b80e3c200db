package dev.leanagent.agent;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads the configuration: built-in defaults ({@code application.conf}), then {@code --config
 * FILE}, then {@code --set key=value} overrides, each winning over the one before.
 */
public final class Settings {

    private Settings() {
    }

    public static Config load(Path file, List<String> overrides) {
        Config defaults = ConfigFactory.load();
        Config merged = defaults;
        if (file != null) {
            if (!Files.isRegularFile(file)) throw new UsageException("configuration file not found: " + file);
            try {
                merged = ConfigFactory.parseFile(file.toFile()).withFallback(defaults);
            } catch (ConfigException e) {
                throw new UsageException("cannot read configuration " + file + ": " + e.getMessage());
            }
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) throw new UsageException("--set expects key=value, got '" + o + "'");
            String key = o.substring(0, eq).strip();
            String value = o.substring(eq + 1).strip();
            if (!key.startsWith("lean-agent.")) key = "lean-agent." + key;
            try {
                merged = ConfigFactory.parseString(key + " = " + value).withFallback(merged);
            } catch (ConfigException e) {
                merged = merged.withValue(key, ConfigValueFactory.fromAnyRef(value));
            }
        }
        try {
            Config resolved = merged.resolve();
            LeanSettings.from(resolved);  // fail early, with the key's name, on a bad value
            PoolConfig.from(resolved);
            SearchConfig.from(resolved);
            return resolved;
        } catch (ConfigException e) {
            throw new UsageException("bad configuration: " + e.getMessage());
        }
    }

    /** The {@code lean-agent} block as HOCON, in a form {@code --config} accepts back. */
    public static String render(Config config) {
        return "lean-agent " + config.getConfig("lean-agent").root().render(ConfigRenderOptions.defaults()
                .setOriginComments(false).setComments(false).setJson(false).setFormatted(true));
    }
}
