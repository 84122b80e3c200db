/-
lean_agent.lean — the Lean 3 front-end of `lean-agent serve`.

Add this file to your project (next to your files, or anywhere on your Lean path) and write
`import lean_agent` at the top of a file; then, inside `begin … end`:

  lean_agent.suggest      -- asks the server for next tactics, runs each on the goal here,
                          -- closes the goal with the first that closes it, and prints
                          -- `Try this: …` for every one that does (or, if none does,
                          -- for those that make progress, and fails)
  lean_agent.prove        -- asks the server to search for a whole proof of the goal, checks it
                          -- here, closes the goal with it and prints `Try this: …`

The Lean 3 VS Code extension turns each `Try this:` into a one-click edit.

Settings (environment variables of the Lean process, i.e. of your editor):
  LEAN_AGENT_URL      the server, default http://127.0.0.1:8080
  LEAN_AGENT_TOKEN    the token, when the server was started with --token-file
  LEAN_AGENT_TIMEOUT  seconds to wait for an answer, default 60 (prove searches this long)
  LEAN_AGENT_CONTEXT  text sent as the theorem's context to `prove` (e.g. `import tactic`)

It calls `curl` through `io.cmd`, so it needs curl on the PATH. Works with core Lean 3 and with
mathlib (it uses nothing but core).
-/
import system.io

namespace lean_agent
open tactic

meta def env_or (var dflt : string) : tactic string :=
do v ← unsafe_run_io (io.env.get var),
   pure (v.get_or_else dflt)

meta def lookup (k : string) : list (string × json) → option json
| [] := none
| ((k', v) :: rest) := if k' = k then some v else lookup rest

meta def field : json → string → option json
| (json.object kvs) k := lookup k kvs
| _ _ := none

meta def as_string : option json → option string
| (some (json.of_string s)) := some s
| _ := none

meta def as_list : option json → list json
| (some (json.array js)) := js
| _ := []

meta def is_blank (s : string) : bool := s.to_list.all (λ c, c.is_whitespace)

/-- POSTs `body` to the server's `route` with curl and returns its answer's text. -/
meta def post (route : string) (body : json) : tactic string :=
do url ← env_or "LEAN_AGENT_URL" "http://127.0.0.1:8080",
   token ← env_or "LEAN_AGENT_TOKEN" "",
   secs ← env_or "LEAN_AGENT_TIMEOUT" "60",
   let auth := if token = "" then [] else ["-H", "Authorization: Bearer " ++ token],
   unsafe_run_io (io.cmd { cmd := "curl",
     args := ["-sS", "--max-time", secs, "-X", "POST", "-H", "Content-Type: application/json"] ++ auth
             ++ ["--data-binary", json.unparse body, url ++ route] })

meta def parse_json (s : string) : tactic json :=
match json.parse s with
| some j := pure j
| none := fail ("lean_agent: the server's answer is not JSON: " ++ s)
end

/-- The server's error, if the answer is one. -/
meta def server_error (j : json) : option string :=
match field j "error" with
| some e := some ((as_string (field e "kind")).get_or_else "error" ++ ": " ++
                  (as_string (field e "message")).get_or_else "")
| none := none
end

/-- Tactic text as written between `begin` and `end`, parsed and elaborated here. -/
meta def parse_tactic (text : string) : tactic (tactic unit) :=
do (rv, rest) ← lean.parser.run (lean.parser.with_input lean.parser.itactic_reflected ("{ " ++ text ++ "\n}")),
   if is_blank rest then eval_expr (tactic unit) rv.expr
   else fail "text left after the tactic"

/-- Whether `text` closes the main goal (some tt), makes progress on it (some ff) or fails (none);
    the proof state is left as it was. -/
meta def try_candidate (text : string) : tactic (option bool) :=
do s ← read,
   r ← (do t ← parse_tactic text,
           focus1 (do try_for 200000 t, gs ← get_goals, pure (some gs.empty)))
       <|> pure none,
   write s,
   pure r

/-- Runs `text` on the main goal, which it must close. -/
meta def close_with (text : string) : tactic unit :=
do t ← parse_tactic text, focus1 (t >> done)

meta def run_suggest (num : ℕ) : tactic unit :=
do st ← read,
   out ← post "/v1/suggest" (json.object [("state", json.of_string (to_string st)), ("num", json.of_int num)]),
   j ← parse_json out,
   match server_error j with
   | some e := fail ("lean_agent.suggest: " ++ e)
   | none := do
     let tacs := (as_list (field j "candidates")).filter_map (λ c, as_string (field c "tactic")),
     results ← tacs.mmap (λ t, do r ← try_candidate t, pure (t, r)),
     let closing := (results.filter (λ p : string × option bool, p.2 = some tt)).map prod.fst,
     let progress := (results.filter (λ p : string × option bool, p.2 = some ff)).map prod.fst,
     match closing with
     | (t :: _) := do closing.mmap' (λ c, trace ("Try this: " ++ c)), close_with t
     | [] := do
       progress.mmap' (λ c, trace ("Try this: " ++ c)),
       fail ("lean_agent.suggest: none of the " ++ to_string tacs.length ++ " candidates closes the goal"
             ++ (if progress.empty then "" else "; those printed make progress"))
     end
   end

/-- The main goal as a signature: its hypotheses as binders, then `: target`. -/
meta def goal_statement : tactic string :=
do ctx ← local_context,
   bs ← ctx.mmap (λ h, do t ← infer_type h >>= pp, n ← pp h,
                          pure ("(" ++ to_string n ++ " : " ++ to_string t ++ ")")),
   g ← target >>= pp,
   pure (string.intercalate " " bs ++ " : " ++ to_string g)

meta def last_line (s : string) : string :=
((s.split (λ c, c = '\n')).filter (λ l, ¬ is_blank l)).reverse.head

meta def run_prove : tactic unit :=
do stmt ← goal_statement,
   ctx ← env_or "LEAN_AGENT_CONTEXT" "",
   secs ← env_or "LEAN_AGENT_TIMEOUT" "60",
   out ← post "/v1/prove" (json.object [("statement", json.of_string stmt), ("context", json.of_string ctx),
                                       ("timeout_s", json.of_int (secs.to_nat - 5))]),
   j ← parse_json (last_line out),
   match server_error j with
   | some e := fail ("lean_agent.prove: " ++ e)
   | none :=
     if as_string (field j "status") = some "proved" then do
       let proof := string.intercalate ", " ((as_list (field j "proof")).filter_map (λ x, as_string (some x))),
       close_with proof,
       trace ("Try this: " ++ proof)
     else fail ("lean_agent.prove: " ++ (as_string (field j "status")).get_or_else "no result" ++ ": "
                ++ (as_string (field j "reason")).get_or_else "")
   end

end lean_agent

namespace tactic.interactive

/-- Asks `lean-agent serve` for next tactics; prints `Try this: …` for those that close the goal. -/
meta def lean_agent.suggest : tactic unit := _root_.lean_agent.run_suggest 16

/-- Asks `lean-agent serve` for a whole proof of the goal; prints `Try this: …` with it. -/
meta def lean_agent.prove : tactic unit := _root_.lean_agent.run_prove

end tactic.interactive
