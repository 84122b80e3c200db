package dev.leanagent.agent;

import com.typesafe.config.Config;
import dev.leanagent.bridge.repl.ReplSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code lean-agent.lean} block of the configuration, typed. */
public record LeanSettings(Optional<Path> home, List<Path> path, long memoryMb, Duration tacticTimeout,
                           long heartbeats, Duration startupTimeout, Duration replyMargin, Duration checkTimeout) {

    public static LeanSettings from(Config root) {
        // Read by full path, so that a wrong type is reported under the name the user writes.
        Config c = root.withOnlyPath("lean-agent.lean");
        String home = c.getString("lean-agent.lean.home");
        return new LeanSettings(home.isBlank() ? Optional.empty() : Optional.of(Path.of(home)),
                c.getStringList("lean-agent.lean.path").stream().map(Path::of).toList(),
                c.getLong("lean-agent.lean.memory-mb"), c.getDuration("lean-agent.lean.tactic-timeout"), c.getLong("lean-agent.lean.heartbeats"),
                c.getDuration("lean-agent.lean.startup-timeout"), c.getDuration("lean-agent.lean.reply-margin"), c.getDuration("lean-agent.lean.check-timeout"));
    }

    public ReplSettings repl(List<String> imports) {
        return new ReplSettings(List.copyOf(imports), path, memoryMb, startupTimeout, tacticTimeout, heartbeats,
                replyMargin);
    }
}
