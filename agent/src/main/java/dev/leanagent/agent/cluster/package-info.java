/**
 * Several machines as one Pekko Cluster: {@code lean} nodes run Lean pools and searches, {@code model}
 * nodes the model service, and a {@code prove}/{@code bench} run started with {@code --cluster} is the
 * coordinator that hands out theorem attempts and alone writes the results. The protocol, its
 * versions and the settings are in CLUSTER.md beside this package.
 */
package dev.leanagent.agent.cluster;
