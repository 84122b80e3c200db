package dev.leanagent.agent.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.leanagent.agent.UsageException;
import dev.leanagent.agent.runtime.AgentSystem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code lean-agent.cluster} block, typed, and the actor-system settings of a cluster member made from it. */
public record ClusterSettings(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword,
                              boolean plaintext, Duration workerWait, Duration modelWait) {

    /** A member's address, {@code HOST:PORT}. */
    public record HostPort(String host, int port) {
        public static HostPort parse(String text) {
            int colon = text.lastIndexOf(':');
            try {
                if (colon <= 0) throw new NumberFormatException();
                int port = Integer.parseInt(text.substring(colon + 1));
                if (port < 0 || port > 65535) throw new NumberFormatException();
                return new HostPort(text.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw new UsageException("expected HOST:PORT (e.g. 10.0.0.5:2552), not " + text);
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    public static ClusterSettings from(Config root) {
        Config c = root.getConfig("lean-agent.cluster");
        String ks = c.getString("key-store").strip();
        String ts = c.getString("trust-store").strip();
        String tsPassword = c.getString("trust-store-password");
        return new ClusterSettings(ks.isEmpty() ? null : Path.of(ks), c.getString("key-store-password"),
                ts.isEmpty() ? null : Path.of(ts), tsPassword.isEmpty() ? c.getString("key-store-password") : tsPassword,
                c.getBoolean("plaintext"), c.getDuration("worker-wait"), c.getDuration("model-wait"));
    }

    /**
     * The actor system's settings for a member at {@code self} joining the cluster through {@code
     * seed}, with {@code roles}, over {@code base} (the run's settings). Remoting binds to {@code
     * self}'s host only.
     */
    public Config memberConfig(HostPort self, HostPort seed, List<String> roles, Config base) {
        Map<String, Object> m = new HashMap<>();
        m.put("pekko.remote.artery.canonical.hostname", self.host());
        m.put("pekko.remote.artery.canonical.port", self.port());
        m.put("pekko.cluster.seed-nodes", List.of("pekko://" + AgentSystem.NAME + "@" + seed));
        m.put("pekko.cluster.roles", roles);
        if (plaintext) {
            m.put("pekko.remote.artery.transport", "tcp");
        } else {
            if (keyStore == null) {
                throw new UsageException("a cluster member needs the cluster's key store: set cluster.key-store "
                        + "(and cluster.key-store-password, or LEAN_AGENT_CLUSTER_KEY_STORE / LEAN_AGENT_CLUSTER_PASSWORD); "
                        + "README, 'Several machines', shows how to make one with keytool");
            }
            Path trust = trustStore == null ? keyStore : trustStore;
            for (Path p : List.of(keyStore, trust)) {
                if (!Files.isRegularFile(p)) throw new UsageException("cluster key store not found: " + p);
            }
            String e = "pekko.remote.artery.ssl.config-ssl-engine.";
            m.put(e + "key-store", keyStore.toAbsolutePath().toString());
            m.put(e + "key-store-password", keyStorePassword);
            m.put(e + "key-password", keyStorePassword);
            m.put(e + "trust-store", trust.toAbsolutePath().toString());
            m.put(e + "trust-store-password", trustStorePassword);
        }
        return ConfigFactory.parseMap(m, "lean-agent cluster member " + self)
                .withFallback(ConfigFactory.parseResources(ClusterSettings.class, "cluster.conf"))
                .withFallback(base).resolve();
    }
}
