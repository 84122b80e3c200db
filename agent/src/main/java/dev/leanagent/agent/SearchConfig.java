package dev.leanagent.agent;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.leanagent.search.SearchSettings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;

/** The {@code lean-agent.search} block of the configuration, typed. */
public record SearchConfig(SearchSettings settings, OptionalInt concurrency, Path automationTactics,
                           long failureCacheSize) {

    public static SearchConfig from(Config root) {
        // Read by full path, so that a wrong type is reported under the name the user writes.
        Config c = root.withOnlyPath("lean-agent.search");
        SearchSettings.Priority priority;
        try {
            priority = SearchSettings.Priority.valueOf(c.getString("lean-agent.search.priority").toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw Settings.badValue(c, "lean-agent.search.priority", "cumulative or length-normalised");
        }
        SearchSettings.Order order;
        try {
            order = SearchSettings.Order.valueOf(c.getString("lean-agent.search.order").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Settings.badValue(c, "lean-agent.search.order", "node or tactic");
        }
        String k = c.getString("lean-agent.search.concurrency").strip();
        OptionalInt concurrency;
        try {
            concurrency = k.equals("auto") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(k));
        } catch (NumberFormatException e) {
            throw Settings.badValue(c, "lean-agent.search.concurrency", "'auto' or a number of theorems");
        }
        String p = c.getString("lean-agent.search.parallel-tactics").strip();
        int parallel;
        try {
            parallel = p.equals("auto") ? 0 : Integer.parseInt(p);
            if (parallel < 1 && !p.equals("auto")) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw Settings.badValue(c, "lean-agent.search.parallel-tactics", "'auto' or a number of at least 1");
        }
        String tactics = c.getString("lean-agent.search.automation-tactics");
        try {
            return new SearchConfig(new SearchSettings(c.getInt("lean-agent.search.expansions"), c.getDuration("lean-agent.search.timeout"),
                    c.getInt("lean-agent.search.max-depth"), priority, order, parallel), concurrency, tactics.isBlank() ? null : Path.of(tactics),
                    c.getLong("lean-agent.search.failure-cache-size"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue("search", e.getMessage());
        }
    }
}
