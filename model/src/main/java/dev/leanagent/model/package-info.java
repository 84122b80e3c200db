/**
 * The tactic model: checkpoint loading, tokenizer, forward pass on LibTorch, generation and scoring.
 * Knows nothing of Lean or of the search (DESIGN.md). Built by the model issue.
 */
package dev.leanagent.model;
