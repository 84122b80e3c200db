package dev.leanagent.bridge.pool;

import dev.leanagent.bridge.repl.LeanProcessException;
import dev.leanagent.bridge.repl.Repl;

/** Starts one Lean REPL process for a pool's import set; blocks until it answers. */
@FunctionalInterface
public interface ReplLauncher {
    Repl launch() throws LeanProcessException;
}
