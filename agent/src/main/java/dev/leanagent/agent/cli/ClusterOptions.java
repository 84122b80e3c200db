package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.cluster.ClusterSettings;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.bridge.pool.PoolSettings;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code --cluster}: a run that joins a cluster as its coordinator instead of searching locally. */
public final class ClusterOptions {

    @Option(names = "--cluster", paramLabel = "HOST:PORT", description = "Join the cluster whose seed node is at "
            + "HOST:PORT as the coordinator: the theorems are searched on its lean nodes, the results written here "
            + "(README, 'Several machines').")
    String seed;

    @Option(names = "--cluster-host", paramLabel = "HOST", description = "The address this coordinator binds to and "
            + "the nodes reach it at (default 127.0.0.1; on several machines, this machine's address).")
    String host = "127.0.0.1";

    @Option(names = "--cluster-port", paramLabel = "PORT", description = "Its port (default 0: any free one).")
    int port = 0;

    boolean joining() {
        return seed != null;
    }

    /** The coordinator's actor system, a member of the cluster that starts no Lean: its pools stay empty, the nodes search. */
    AgentSystem startCoordinator(Config config, PoolSettings pool) {
        return AgentSystem.withoutLean(coordinatorConfig(config), pool, "a coordinator");
    }

    /** The actor-system settings of the coordinator, over the run's {@code config}. */
    Config coordinatorConfig(Config config) {
        return ClusterSettings.from(config).memberConfig(new ClusterSettings.HostPort(host, port),
                ClusterSettings.HostPort.parse(seed), List.of("coordinator"), config);
    }
}
