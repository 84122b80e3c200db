/**
 * Running a miniF2F split: the checks before anything starts, theorem selection, resume, the
 * results file, run.json and the report. Theorems are searched through {@link
 * dev.leanagent.minif2f.run.TheoremProver}, a port the agent implements, so this module needs only
 * the leaves (lean-bridge, search).
 */
package dev.leanagent.minif2f.run;
