/**
 * Best-first proof search. Talks to Lean and to the model only through two asynchronous ports
 * (a proof environment and a tactic generator), so it can be tested with scripted fakes.
 * {@link dev.leanagent.search.SearchTree} holds the tree and every decision as a state machine
 * that takes replies in any order, with several tactics in flight (its documentation says which
 * results may then differ from the sequential search); {@link dev.leanagent.search.BestFirstSearch}
 * drives it one blocking request at a time, the agent's search actor without ever blocking.
 */
package dev.leanagent.search;
