/**
 * Best-first proof search. Talks to Lean and to the model only through two asynchronous ports
 * (a proof environment and a tactic generator), so it can be tested with scripted fakes.
 */
package dev.leanagent.search;
