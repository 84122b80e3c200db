/**
 * The pool of Lean processes: the service many concurrent searches share.
 *
 * <h2>The caller's protocol</h2>
 * <ul>
 *   <li>{@link dev.leanagent.bridge.pool.LeanPools#pool(java.util.List)} gives the pool of an import
 *       set (a file header's imports); a pool runs N workers, each one sandboxed Lean REPL
 *       (lean-bridge/PROTOCOL.md).</li>
 *   <li>{@code start(StartRequest)} and {@code tactic(handle, text[, timeout, heartbeats])} complete
 *       with a {@link dev.leanagent.bridge.pool.PoolOutcome}: {@code Ok(handle, state)} or
 *       {@code Failed(kind, message)}. Actors send {@link dev.leanagent.bridge.pool.PoolActor.Start} and
 *       {@link dev.leanagent.bridge.pool.PoolActor.Tactic} to {@code ref()} instead.</li>
 *   <li>A {@link dev.leanagent.bridge.pool.StateHandle} is stable: if the process holding the state
 *       dies or is recycled, the next request on it rebuilds the state on a fresh process by
 *       replaying its path (start, then each tactic with its limits), and checks that each replayed
 *       step gives the same canonical text. The caller sees a delay, or {@code replay_failed}.</li>
 *   <li>{@code release(handles)} when a search no longer needs states; descendants stay valid.</li>
 *   <li>Error kinds: the REPL's ({@code tactic_failed}, {@code timeout}, {@code parse_error}, ...) and
 *       the pool's ({@link dev.leanagent.bridge.pool.PoolErrors}): {@code timeout} also when a
 *       process hung and was replaced, {@code crashed} when a request killed a fresh process on every
 *       attempt ({@code pool.max-attempts}), {@code replay_failed}, {@code overloaded} when
 *       {@code pool.max-queue} requests already wait, {@code unknown_handle},
 *       {@code lean_unavailable} with Lean's reason when no worker can start, {@code pool_stopped},
 *       {@code deadline} for a request whose deadline passed before a worker could start it.</li>
 *   <li>Deadlines: {@code start(request, deadline)} and {@code tactic(..., deadline)} take a
 *       {@link java.lang.System#nanoTime()} after which the caller no longer wants the request begun.
 *       The pool checks it when the request arrives and again when a worker is free to take it, so
 *       a search past its limit leaves nothing queued behind it; a request already running is not
 *       stopped (it ends within its own tactic limit, plus {@code lean.reply-margin} if Lean hangs).</li>
 *   <li>{@code stats()}: requests, answers, failures, timeouts, hung, crashes, restarts, recycles,
 *       replayed steps, queue length, latency and service percentiles, Lean's own time, per-worker
 *       pid and resident memory, and how the worker count was chosen.</li>
 * </ul>
 *
 * <h2>Inside</h2>
 * {@link dev.leanagent.bridge.pool.PoolActor} owns the handles and the queues; each
 * {@code WorkerActor} owns one process on a thread of its own and is restarted by Pekko's
 * supervision, with backoff, when the process is lost. Closing {@code LeanPools} kills every
 * process before stopping the actors; the sandbox's {@code --die-with-parent} covers a JVM that
 * is killed outright.
 */
package dev.leanagent.bridge.pool;
