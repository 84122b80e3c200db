/**
 * Text to token ids and back for the InternLM2 SentencePiece model, and the prompt templates that
 * turn a Lean 3 tactic state into model input.
 */
package dev.leanagent.model.tokenizer;
