package dev.leanagent.agent;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the configuration: built-in defaults ({@code application.conf}), then {@code --config
 * FILE}, then {@code --set key=value} overrides, each winning over the one before. Keys may be
 * written with or without the {@code lean-agent.} prefix, in the file as on the command line; a
 * key the defaults do not have is refused (a typo would otherwise be ignored without a word).
 */
public final class Settings {

    private static final String ROOT = "lean-agent";
    /** Settings of the actor system itself, passed through unchecked (Pekko checks its own). */
    private static final String PEKKO = "pekko";
    private static final Pattern BAD_VALUE = Pattern.compile("Invalid value at '([^']+)': (.+)", Pattern.DOTALL);
    private static final Pattern WRONG_TYPE = Pattern.compile("(\\S+) has type (\\S+) rather than (.+)");

    private Settings() {
    }

    public static Config load(Path file, List<String> overrides) {
        Config defaults = ConfigFactory.load();
        Set<String> known = new TreeSet<>(defaults.getConfig(ROOT).entrySet().stream().map(Map.Entry::getKey).toList());
        Config merged = defaults;
        if (file != null) {
            if (Files.isDirectory(file)) throw new UsageException("--config " + file + " is a directory, not a configuration file");
            if (!Files.isRegularFile(file)) throw new UsageException("configuration file not found: " + file);
            Config parsed;
            try {
                parsed = rooted(ConfigFactory.parseFile(file.toFile()));
            } catch (ConfigException e) {
                throw new UsageException("cannot read configuration " + file + ": " + e.getMessage());
            }
            requireKnown(parsed, known, "in " + file);
            merged = parsed.withFallback(merged);
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) throw new UsageException("--set expects key=value, got '" + o + "'");
            String key = o.substring(0, eq).strip();
            String value = o.substring(eq + 1).strip();
            if (!key.startsWith(ROOT + ".") && !key.startsWith(PEKKO + ".")) key = ROOT + "." + key;
            ConfigParseOptions origin = ConfigParseOptions.defaults().setOriginDescription("--set " + o);
            Config one;
            try {
                one = ConfigFactory.parseString(key + " = " + value, origin);
            } catch (ConfigException e) {
                // Not HOCON (a path with a colon, say): take it as a plain string.
                one = ConfigFactory.empty("--set " + o).withValue(key, ConfigValueFactory.fromAnyRef(value, "--set " + o));
            }
            requireKnown(one, known, "in --set " + o);
            merged = one.withFallback(merged);
        }
        try {
            Config resolved = merged.resolve();
            LeanSettings.from(resolved);  // fail early, with the key's name, on a bad value
            PoolConfig.from(resolved);
            SearchConfig.from(resolved);
            ModelServiceConfig.from(resolved);
            return resolved;
        } catch (ConfigException e) {
            throw new UsageException("bad configuration: " + explain(e, merged));
        }
    }

    /**
     * The file's settings under {@code lean-agent}: a top-level key that is one of its sections
     * ({@code search.expansions = 7}) is the same key without the prefix.
     */
    private static Config rooted(Config parsed) {
        Config out = ConfigFactory.empty(parsed.origin().description());
        for (Map.Entry<String, ConfigValue> e : parsed.root().entrySet()) {
            String k = e.getKey();
            String path = k.equals(ROOT) || k.equals(PEKKO) ? ConfigUtil.joinPath(k) : ConfigUtil.joinPath(ROOT, k);
            out = out.withValue(path, e.getValue());
        }
        return out;
    }

    private static void requireKnown(Config given, Set<String> known, String where) {
        if (!given.hasPath(ROOT)) return;
        for (Map.Entry<String, ConfigValue> e : given.getConfig(ROOT).entrySet()) {
            String key = e.getKey();
            if (known.contains(key)) continue;
            throw new UsageException("unknown setting " + key + " " + where + "; did you mean " + nearest(key, known)
                    + "? (`lean-agent config` lists them all)");
        }
    }

    /** The known key closest to {@code key} by edit distance (ties: the first in order). */
    static String nearest(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int same = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + same);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * A bad value in a user's words: which key, what was given and what is expected, and where it
     * came from; never the library's merge history with jar paths.
     */
    private static String explain(ConfigException e, Config merged) {
        String message = e.getMessage();
        if (e.origin() != null) {
            String prefix = e.origin().description() + ": ";
            int at = message.indexOf(prefix);
            if (at >= 0) message = message.substring(at + prefix.length());
        }
        Matcher bad = BAD_VALUE.matcher(message);
        if (bad.matches()) return shortKey(bad.group(1)) + ": " + bad.group(2);
        Matcher m = WRONG_TYPE.matcher(message);
        if (m.matches()) {
            String path = m.group(1);
            String given = merged.hasPath(path) ? String.valueOf(merged.getValue(path).unwrapped()) : "?";
            return shortKey(path) + ": expected " + m.group(3).toLowerCase(java.util.Locale.ROOT).replace("object", "a block") + ", got '" + given + "'"
                    + from(merged, path);
        }
        return message;
    }

    /** Where a value came from, when it was not the defaults: " (from --set …)" or " (from FILE: line)". */
    static String from(Config config, String path) {
        return config.hasPath(path) ? from(config.getValue(path)) : "";
    }

    private static String from(ConfigValue v) {
        String d = v.origin().description();
        if (d.contains("application.conf") || d.contains("reference.conf")) return "";
        return " (from " + (d.startsWith("--set ") ? d.replaceFirst(": \\d+$", "") : d) + ")";
    }

    /** {@code lean-agent.pool.workers} as the user writes it: {@code pool.workers}. */
    static String shortKey(String path) {
        return path.startsWith(ROOT + ".") ? path.substring(ROOT.length() + 1) : path;
    }

    /** A bad value of a known key: the key as the user writes it, the value given and what is expected. */
    static ConfigException.BadValue badValue(Config config, String path, String expected) {
        ConfigValue v = config.getValue(path);
        return new ConfigException.BadValue(shortKey(path),
                "expected " + expected + ", got '" + v.unwrapped() + "'" + from(v));
    }

    /** The {@code lean-agent} block as HOCON, in a form {@code --config} accepts back. */
    public static String render(Config config) {
        ConfigObject block = config.getConfig(ROOT).root();
        return block.atKey(ROOT).root().render(ConfigRenderOptions.defaults()
                .setOriginComments(false).setComments(false).setJson(false).setFormatted(true));
    }
}
