/**
 * Search traces for research (search/TRACES.md): {@link dev.leanagent.agent.trace.TraceWriter} writes
 * one search's tree as JSON lines while it runs, {@link dev.leanagent.agent.trace.TraceLine} is the
 * format's single definition, and {@link dev.leanagent.agent.trace.PairExport} turns a run's results
 * and traces into (state, tactic) training pairs.
 */
package dev.leanagent.agent.trace;
