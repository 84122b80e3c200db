package dev.leanagent.agent.cluster;

/**
 * Marks a message that crosses nodes: Pekko serializes it as JSON with Jackson (the binding is in
 * {@code cluster.conf}); Java serialization is off. The formats are in {@code CLUSTER.md}.
 */
public interface ClusterMessage {
}
