package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.LeanSettings;
import dev.leanagent.agent.Settings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options every command takes: where the configuration comes from, and Lean's search path. */
public final class GlobalOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON file overriding the defaults (see `config`).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one setting, e.g. --set lean.memory-mb=8192 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--lean-path", paramLabel = "DIR",
            description = "Add a directory to Lean's module search path (repeatable), e.g. mathlib's src/.")
    List<Path> leanPath = new ArrayList<>();

    public Config config() {
        List<String> all = new ArrayList<>(overrides);
        if (!leanPath.isEmpty()) {
            Config base = Settings.load(config, overrides);
            List<String> dirs = new ArrayList<>(base.getStringList("lean-agent.lean.path"));
            leanPath.forEach(p -> dirs.add(p.toAbsolutePath().normalize().toString()));
            all.add("lean.path=" + com.typesafe.config.ConfigValueFactory.fromIterable(dirs).render());
        }
        return Settings.load(config, all);
    }

    public LeanSettings lean() {
        return LeanSettings.from(config());
    }
}
