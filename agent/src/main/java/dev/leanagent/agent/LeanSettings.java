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
        Config c = root.getConfig("lean-agent.lean");
        String home = c.getString("home");
        return new LeanSettings(home.isBlank() ? Optional.empty() : Optional.of(Path.of(home)),
                c.getStringList("path").stream().map(Path::of).toList(),
                c.getLong("memory-mb"), c.getDuration("tactic-timeout"), c.getLong("heartbeats"),
                c.getDuration("startup-timeout"), c.getDuration("reply-margin"), c.getDuration("check-timeout"));
    }

    public ReplSettings repl(List<String> imports) {
        return new ReplSettings(List.copyOf(imports), path, memoryMb, startupTimeout, tacticTimeout, heartbeats,
                replyMargin);
    }
}
