package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
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

    /** A prepared workspace's Lean, used when {@code lean.home} is not set. */
    private Path workspaceLeanHome;

    /** What a prepared workspace brings: its directories on Lean's path, and the Lean it was compiled with. */
    void addWorkspace(List<Path> dirs, Path leanHome) {
        leanPath.addAll(dirs);
        workspaceLeanHome = leanHome;
    }

    /** The settings, with each --lean-path appended to {@code lean.path}. */
    public Config config() {
        Config c = Settings.load(config, overrides);
        if (workspaceLeanHome != null && c.getString("lean-agent.lean.home").isBlank()) {
            c = c.withValue("lean-agent.lean.home", ConfigValueFactory.fromAnyRef(workspaceLeanHome.toString()));
        }
        if (leanPath.isEmpty()) return c;
        List<String> dirs = new ArrayList<>(c.getStringList("lean-agent.lean.path"));
        leanPath.forEach(p -> dirs.add(p.toAbsolutePath().normalize().toString()));
        return c.withValue("lean-agent.lean.path", ConfigValueFactory.fromIterable(dirs));
    }

    public LeanSettings lean() {
        return LeanSettings.from(config());
    }
}
