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
 *       stopped (it ends within its own tactic limit, plus {@code lean.reply-margin} if Lean hangs). A
 *       request that must first rebuild its state checks the deadline again before each replayed step
 *       and before the tactic, so it too ends within one step's limit (plus the margin) of the
 *       deadline: a search's wall-clock limit holds, queueing and replays included.</li>
 *   <li>{@code stats()}: requests, answers, failures, timeouts, hung, crashes, restarts, recycles,
 *       replayed steps, queue length, latency and service percentiles, Lean's own time, per-worker
 *       pid and resident memory, how the worker count was chosen, and {@code placement()}: requests
 *       that replayed, requests moved to an idle worker, replay and busy time, and the two running
 *       estimates below.</li>
 * </ul>
 *
 * <h2>Where a request runs: replay or wait</h2>
 * Any worker can serve any state: one that lacks it replays the state's path (from the deepest
 * ancestor it still holds) before the request. States are held by the workers whose current
 * process made or rebuilt them; a request goes to the queue of the least loaded holder, starts
 * (and states no live process holds) to a shared queue any idle worker takes from. When a worker is
 * idle with nothing of its own or shared to do, it looks at the requests queued on the others:
 * <ul>
 *   <li>a worker that is restarting gives up its oldest request (it would have to replay anyway);</li>
 *   <li>from a busy worker with {@code q} requests waiting it takes the request with the largest
 *       positive gain {@code q × R − s × P} (ties: the oldest), and otherwise nothing: moving one
 *       request saves the queue {@code q × R} in all (it, or the ones behind it, start that much
 *       sooner, the request in progress counted as a whole one) and costs its replay, {@code s} steps
 *       the idle worker lacks at {@code P} each. A state the idle worker already holds ({@code s = 0})
 *       always moves. With nothing measured yet only such states move.</li>
 * </ul>
 * {@code R} and {@code P} are running estimates (exponentially weighted, weight 0.2 on the newest
 * sample) of a request's time on a worker, and of one replayed step's time: the time of requests
 * that made a state (a replay re-runs exactly those) and of replayed steps, measured by the
 * workers. Failing tactics, often slow, weigh on {@code R} only; so with two tactics of a search in
 * flight on one worker, the second moves to an idle worker when its state's path is short enough. The rebuilt states are then held by
 * both workers, so further requests on them spread without replaying, and a release forgets them on
 * both. ({@link dev.leanagent.bridge.pool.PlacementCosts} holds the rule.)
 *
 * <p>Measured replay cost per step ({@code ./lean-agent bench-search}, column "replay ms/step": the
 * workers' replay time over the steps replayed; Lean 3.42.1, 2 cores otherwise idle, 2026-12-01):
 * core Lean 8.2 ms per step against 11.9 ms per request (2 workers, 2 in flight, 92 moves), with
 * {@code bench-search --workers 1,2,4 --parallel-tactics 1,2,4}; mathlib (miniF2F, mathlib
 * {@code cb2b02ff}) 166 ms per step against 220 ms per request (9 moves), with {@code bench-search
 * --workers 1,2 --parallel-tactics 1,2 --only or_swap --minif2f WS/miniF2F --lean-path
 * WS/mathlib/src --lean-path WS/miniF2F/lean/src}.
 * A step replays at about what a request costs, so a request moves off a queue of one only when
 * its state's path is shorter than a request's time over a step's, and deep states wait.
 *
 * <h2>Inside</h2>
 * {@link dev.leanagent.bridge.pool.PoolActor} owns the handles and the queues; each
 * {@code WorkerActor} owns one process on a thread of its own and is restarted by Pekko's
 * supervision, with backoff, when the process is lost. Closing {@code LeanPools} kills every
 * process before stopping the actors; the sandbox's {@code --die-with-parent} covers a JVM that
 * is killed outright.
 */
package dev.leanagent.bridge.pool;
