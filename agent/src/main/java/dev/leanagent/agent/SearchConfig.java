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
        Config c = root.getConfig("lean-agent.search");
        SearchSettings.Priority priority;
        try {
            priority = SearchSettings.Priority.valueOf(c.getString("priority").toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(c.origin(), "lean-agent.search.priority",
                    "expected cumulative or length-normalised, got '" + c.getString("priority") + "'");
        }
        SearchSettings.Order order;
        try {
            order = SearchSettings.Order.valueOf(c.getString("order").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(c.origin(), "lean-agent.search.order",
                    "expected node or tactic, got '" + c.getString("order") + "'");
        }
        String k = c.getString("concurrency").strip();
        OptionalInt concurrency;
        try {
            concurrency = k.equals("auto") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(k));
        } catch (NumberFormatException e) {
            throw new ConfigException.BadValue(c.origin(), "lean-agent.search.concurrency",
                    "expected 'auto' or a number, got '" + k + "'");
        }
        String p = c.getString("parallel-tactics").strip();
        int parallel;
        try {
            parallel = p.equals("auto") ? 0 : Integer.parseInt(p);
            if (parallel < 1 && !p.equals("auto")) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw new ConfigException.BadValue(c.origin(), "lean-agent.search.parallel-tactics",
                    "expected 'auto' or a number of at least 1, got '" + p + "'");
        }
        String tactics = c.getString("automation-tactics");
        try {
            return new SearchConfig(new SearchSettings(c.getInt("expansions"), c.getDuration("timeout"),
                    c.getInt("max-depth"), priority, order, parallel), concurrency, tactics.isBlank() ? null : Path.of(tactics),
                    c.getLong("failure-cache-size"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(c.origin(), "lean-agent.search", e.getMessage());
        }
    }
}
