/** The miniF2F (Lean 3) harness: splits, runs through the agent, resume and reports. */
package dev.leanagent.minif2f;
