/-
lean-agent REPL: a Lean 3 meta program run with `lean --run`, speaking JSON lines.
The protocol (every request, reply and error) is documented in lean-bridge/PROTOCOL.md;
keep the two in step.

The Java side writes this file into a throw-away directory with the import set's `import`
lines prepended (imports are fixed when a Lean process starts), so this file has no imports.
-/

namespace lean_agent

/-- A proof state the REPL keeps, with what the final check needs. -/
meta structure pstate :=
(ts        : tactic_state)
(start_env : environment)  -- the environment saved when the proof started
(goal      : expr)         -- the type of the original goal
(root      : expr)         -- the metavariable standing for the proof of `goal`

meta structure repl :=
(states : native.rb_map ℕ pstate)
(next   : ℕ)
(nonce  : option string)
(requests : ℕ)

/-- A failed request: a machine-readable kind and a message for people. -/
meta structure failure :=
(kind : string)
(message : string)

@[reducible] meta def reply := except failure (list (string × json))

meta def fail_with {α} (kind : string) (message : string) : except failure α :=
except.error ⟨kind, message⟩

/-! ### JSON fields -/

meta def field : list (string × json) → string → option json
| [] _ := none
| ((k, v) :: rest) key := if k = key then some v else field rest key

meta def str_field (req : list (string × json)) (key : string) : except failure (option string) :=
match field req key with
| none := pure none
| some json.null := pure none
| some (json.of_string s) := pure (some s)
| some _ := fail_with "bad_request" ("field '" ++ key ++ "' must be a string")
end

meta def nat_field (req : list (string × json)) (key : string) : except failure (option ℕ) :=
match field req key with
| none := pure none
| some json.null := pure none
| some (json.of_int i) :=
  if i < 0 then fail_with "bad_request" ("field '" ++ key ++ "' must not be negative")
  else pure (some i.to_nat)
| some _ := fail_with "bad_request" ("field '" ++ key ++ "' must be an integer")
end

meta def nat_list_field (req : list (string × json)) (key : string) : except failure (list ℕ) :=
match field req key with
| some (json.array xs) := xs.mmap (λ x, match x with
  | json.of_int i := if i < 0 then fail_with "bad_request" ("'" ++ key ++ "' holds a negative id")
                     else pure i.to_nat
  | _ := fail_with "bad_request" ("field '" ++ key ++ "' must be a list of integers")
  end)
| some (json.of_int i) := if i < 0 then fail_with "bad_request" ("'" ++ key ++ "' is negative")
                          else pure [i.to_nat]
| none := fail_with "bad_request" ("missing field '" ++ key ++ "'")
| some _ := fail_with "bad_request" ("field '" ++ key ++ "' must be a list of integers")
end

meta def require {α} (key : string) : option α → except failure α
| (some a) := pure a
| none := fail_with "bad_request" ("missing field '" ++ key ++ "'")

/-! ### Tactic helpers -/

/-- Runs `t`, turning a failure into `except.error` with the message Lean gave. -/
meta def catching {α} (kind : string) (t : tactic α) : tactic (except failure α) :=
do r ← tactic.capture t,
   match r with
   | interaction_monad.result.success a s := do tactic.write s, pure (except.ok a)
   | interaction_monad.result.exception msg _ s :=
       pure (fail_with kind (match msg with | some m := (m ()).to_string | none := "failed" end))
   end

/-- Runs a parser, turning its failure into `except.error` of the given kind. -/
meta def attempt {α} (kind : string) (p : lean.parser α) : lean.parser (except failure α) :=
λ s, match p s with
| interaction_monad.result.success a s' := interaction_monad.result.success (except.ok a) s'
| interaction_monad.result.exception msg _ s' := interaction_monad.result.success
    (fail_with kind (match msg with | some m := (m ()).to_string | none := "failed" end)) s'
end

meta def is_blank (s : string) : bool := s.to_list.all (λ c, c.is_whitespace)

/-- Fixed printer options for the canonical text: the same state always prints the same. -/
meta def canonical_options (o : options) : options :=
((((o.set_nat `pp.width 100000).set_bool `pp.colors ff).set_bool `pp.unicode tt)
   .set_nat `pp.max_depth 1000000).set_nat `pp.max_steps 10000000

meta def with_options {α} (f : options → options) (t : tactic α) : tactic α :=
do o ← tactic.get_options,
   tactic.set_options (f o),
   a ← t,
   tactic.set_options o,
   pure a

meta def hyp_json (h : expr) : tactic json :=
do t ← tactic.infer_type h >>= tactic.pp,
   pure $ json.object [("name", json.of_string h.local_pp_name.to_string),
                       ("type", json.of_string t.to_string)]

meta def goal_json (g : expr) : tactic json :=
do tactic.set_goals [g],
   hs ← tactic.local_context,
   hjs ← hs.mmap hyp_json,
   t ← tactic.target >>= tactic.pp,
   pure $ json.object [("hyps", json.array hjs), ("target", json.of_string t.to_string)]

/-- The goals of `ts`: structured, pretty-printed, and the canonical text. -/
meta def state_fields (ts : tactic_state) : tactic (list (string × json)) :=
do tactic.write ts,
   gs ← tactic.get_goals,
   gjs ← gs.mmap goal_json,
   tactic.write ts,
   pretty ← pure (to_string (ts.to_format)),
   canon_ts ← with_options canonical_options tactic.read,
   let canonical := (canon_ts.to_format).to_string (canonical_options options.mk),
   pure [("goals", json.array gjs),
         ("pretty", json.of_string pretty),
         ("canonical", json.of_string canonical)]

/-! ### Starting a proof -/

/-- Runs the commands in `text` one by one. (`many command_like` never stops: at the end of
    the input `command_like` succeeds without consuming anything.) -/
meta def run_commands : string → lean.parser unit
| text := if is_blank text then pure () else do
    (_, rest) ← lean.parser.with_input lean.parser.command_like text,
    if rest.length < text.length then run_commands rest
    else interaction_monad.fail ("cannot parse the context from: " ++ (text.to_list.take 200).as_string)

/-- Runs the commands in `text` (a file's preamble and earlier declarations) in one parser
    run, then `after`. Variables, universes and sections live in the parser, so the
    statement must be elaborated inside the same run. -/
meta def run_commands_then {α} (text : string) (after : lean.parser (except failure α)) :
  lean.parser (except failure α) :=
do -- The first `command_like` of a parser run only processes the (absent) import header and
   -- prints "invalid import: init" to stdout; let it do that on empty input.
   lean.parser.with_input lean.parser.command_like "",
   r ← attempt "context_error" (run_commands text),
   match r with
   | except.error f := pure (except.error f)
   | except.ok _ := after
   end

meta def goal_def_name : name := `lean_agent_statement_goal

meta def find_decl (env : environment) : list name → option declaration
| [] := none
| (n :: ns) := match env.get n with
  | exceptional.success d := some d
  | _ := find_decl ns
  end

meta def count_lams : expr → ℕ
| (expr.lam _ _ _ b) := count_lams b + 1
| _ := 0

meta def lams_to_pis : expr → ℕ → expr
| (expr.lam n bi t b) (k+1) := expr.pi n bi t (lams_to_pis b k)
| e _ := e

/-- Elaborates the statement as the body of an auxiliary `def`: its leading lambdas are
    exactly the included `variables` and the statement's binders, which the `begin` block of
    the real theorem would have as hypotheses. Returns the environment from just before the
    auxiliary definition, the goal type and the number of binders to introduce. -/
meta def elab_statement (context binders type : string) :
  lean.parser (except failure (environment × expr × ℕ)) :=
run_commands_then context $ attempt "statement_error" $ do
  env₀ ← lean.parser.get_env,
  ns ← lean.parser.of_tactic tactic.open_namespaces,
  let cmd := "def " ++ goal_def_name.to_string ++ " " ++ binders ++ " : Prop := (" ++ type ++ "\n)",
  (_, rest) ← lean.parser.with_input lean.parser.command_like cmd,
  if is_blank rest then pure () else interaction_monad.fail "text left after the statement",
  env₁ ← lean.parser.get_env,
  some d ← pure (find_decl env₁ (goal_def_name :: ns.map (λ n, n ++ goal_def_name)))
    | interaction_monad.fail "the statement did not elaborate",
  let v := d.value,
  let k := count_lams v,
  pure (env₀, lams_to_pis v k, k)

/-- Resolves a declaration name as a user in that context would: open namespaces count. -/
meta def elab_name (context nm : string) : lean.parser (except failure (environment × expr × ℕ)) :=
run_commands_then context $ attempt "unknown_declaration" $ do
  env₀ ← lean.parser.get_env,
  n ← lean.parser.of_tactic (lean.parser.run_with_input lean.parser.ident nm),
  e ← lean.parser.of_tactic (tactic.resolve_name n),
  d ← lean.parser.of_tactic (match e with
       | expr.const c _ := tactic.get_decl c
       | _ := tactic.fail ("'" ++ nm ++ "' is not a declaration")
       end),
  pure (env₀, d.type, 0)

/-- A fresh proof state whose single goal is `goal` with `k` binders introduced. -/
meta def new_proof (env₀ : environment) (goal : expr) (k : ℕ) : tactic pstate :=
do tactic.set_env_core env₀,
   root ← tactic.mk_meta_var goal,
   tactic.set_goals [root],
   tactic.intron k,
   ts ← tactic.read,
   pure ⟨ts, env₀, goal, root⟩

/-! ### Running tactics -/

/-- Parses tactic text as a user writes it between `begin` and `end`. `itactic_reflected` and
    `eval_expr`, because `lean.parser.itactic` crashes the VM at run time (LEAN3-NOTES.md);
    `with_input`, because `run_with_input` ignores text left over after the parse. -/
meta def parse_tactic (text : string) : tactic (except failure (tactic unit)) :=
do r ← tactic.capture (lean.parser.run (lean.parser.with_input lean.parser.itactic_reflected
                                         ("{ " ++ text ++ "\n}"))),
   match r with
   | interaction_monad.result.exception msg _ _ :=
       pure (fail_with "parse_error" (match msg with | some m := (m ()).to_string | none := "cannot parse" end))
   | interaction_monad.result.success (rv, rest) s :=
       if is_blank rest then do
         t ← tactic.eval_expr (tactic unit) rv.expr,
         pure (except.ok t)
       else pure (fail_with "leftover_text"
             ("text left after the tactic: " ++ (rest.to_list.take 200).as_string))
   end

/-- Constants that must never occur in an accepted proof. `sorry` is a macro in Lean 3, not a
    constant, and is looked for separately. -/
meta def forbidden_constants : list name := [`sorry_ax, `undefined, `undefined_core]

meta def forbidden_in (e : expr) : list string :=
e.fold [] (λ x _ acc,
  if x.is_sorry.is_some then "sorry" :: acc
  else match x with
  | expr.const c _ := if c ∈ forbidden_constants then c.to_string :: acc else acc
  | _ := acc
  end)

meta def constants_of (e : expr) : list name :=
e.fold [] (λ x _ acc, match x with | expr.const c _ := c :: acc | _ := acc end)

/-- Declarations made at run time (the request's context, or by a tactic) are not vouched for
    by a compiled import: follow the proof into them and refuse axioms, constants and `sorry`. -/
meta def unsound_dependency (env : environment) : list name → name_set → option string
| [] _ := none
| (n :: rest) seen :=
  if seen.contains n ∨ ¬ env.in_current_file n then unsound_dependency rest seen
  else match env.get n with
  | exceptional.success (declaration.ax _ _ _) := some ("the proof depends on the axiom " ++ n.to_string)
  | exceptional.success (declaration.cnst _ _ _ _) :=
      some ("the proof depends on " ++ n.to_string ++ ", a constant without definition")
  | exceptional.success d :=
      if (forbidden_in d.value).empty
      then unsound_dependency (constants_of d.value ++ constants_of d.type ++ rest) (seen.insert n)
      else some ("the proof depends on " ++ n.to_string ++ ", which uses sorry")
  | _ := unsound_dependency rest (seen.insert n)
  end

/-- The final check: the proof term of the original goal type-checks in the environment saved
    when the proof started, and holds no `sorry`, `undefined` or metavariables. Declarations a
    tactic added along the way do not exist there, so a proof that needs them is rejected. -/
meta def verify (p : pstate) : tactic (except failure unit) :=
do tactic.write p.ts,
   pf ← tactic.instantiate_mvars p.root,
   tactic.set_env_core p.start_env,
   if pf.has_meta_var then pure (fail_with "proof_rejected" "the proof term still has metavariables")
   else if pf.has_local then pure (fail_with "proof_rejected" "the proof term has free variables")
   else match forbidden_in pf with
   | (c :: _) := pure (fail_with "proof_rejected" ("the proof uses " ++ c))
   | [] := do
       r ← catching "proof_rejected" (do
             tactic.type_check pf,
             t ← tactic.infer_type pf,
             tactic.is_def_eq t p.goal),
       pure (match r with
             | except.ok _ := match unsound_dependency p.start_env (constants_of pf) mk_name_set with
                 | some why := fail_with "proof_rejected" why
                 | none := except.ok ()
                 end
             | except.error f := fail_with "proof_rejected"
                 ("the proof term does not type-check in the starting environment: " ++ f.message)
             end)
   end

meta def timeout_message (msg : string) : bool :=
msg = "try_for_time tactic failed, timeout" ∨ msg = "try_for tactic failed, timeout"

/-- Runs the tactic text on a state under both limits. -/
meta def run_tactic (p : pstate) (text : string) (ms heartbeats : ℕ) : tactic (except failure pstate) :=
do tactic.write p.ts,
   pt ← parse_tactic text,
   match pt with
   | except.error f := pure (except.error f)
   | except.ok t := do
       tactic.write p.ts,
       r ← tactic.capture (tactic.try_for_time ms (tactic.try_for heartbeats t)),
       match r with
       | interaction_monad.result.success _ s := pure (except.ok {ts := s, ..p})
       | interaction_monad.result.exception msg _ _ :=
           let m := (match msg with | some m := (m ()).to_string | none := "tactic failed" end) in
           pure (if timeout_message m then fail_with "timeout" m else fail_with "tactic_failed" m)
       end
   end

/-! ### Requests -/

meta def default_timeout_ms : ℕ := 5000
-- `try_for` counts Lean's deterministic heartbeats; see PROTOCOL.md for the calibration.
meta def default_heartbeats : ℕ := 100000

meta def record (σ : repl) (p : pstate) : repl × ℕ :=
({states := σ.states.insert σ.next p, next := σ.next + 1, ..σ}, σ.next)

meta def state_reply (σ : repl) (p : pstate) : tactic (repl × reply) :=
do tactic.write p.ts,
   n ← tactic.num_goals,
   if n = 0 then do
     v ← verify p,
     match v with
     | except.error f := pure (σ, except.error f)
     | except.ok _ := do
         let (σ', id) := record σ p,
         fs ← state_fields p.ts,
         pure (σ', except.ok ([("state", json.of_int id), ("complete", json.of_bool tt)] ++ fs))
     end
   else do
     let (σ', id) := record σ p,
     fs ← state_fields p.ts,
     pure (σ', except.ok ([("state", json.of_int id), ("complete", json.of_bool ff)] ++ fs))

meta def handle_start (σ : repl) (req : list (string × json)) : tactic (repl × reply) :=
match (do ctx ← str_field req "context",
          nm ← str_field req "name",
          bs ← str_field req "binders",
          ty ← str_field req "type",
          pure (ctx.get_or_else "", nm, bs, ty)) with
| except.error f := pure (σ, except.error f)
| except.ok (ctx, some nm, none, none) := do
    r ← lean.parser.run (elab_name ctx nm),
    match r with
    | except.error f := pure (σ, except.error f)
    | except.ok (env₀, g, k) := new_proof env₀ g k >>= state_reply σ
    end
| except.ok (ctx, none, bs, some ty) := do
    r ← lean.parser.run (elab_statement ctx (bs.get_or_else "") ty),
    match r with
    | except.error f := pure (σ, except.error f)
    | except.ok (env₀, g, k) := new_proof env₀ g k >>= state_reply σ
    end
| except.ok _ := pure (σ, fail_with "bad_request" "start needs either 'name', or 'type' (and optional 'binders')")
end

meta def handle_tactic (σ : repl) (req : list (string × json)) : tactic (repl × reply) :=
match (do sid ← nat_field req "state" >>= require "state",
          tac ← str_field req "tactic" >>= require "tactic",
          ms ← nat_field req "timeout_ms",
          hb ← nat_field req "heartbeats",
          pure (sid, tac, ms.get_or_else default_timeout_ms, hb.get_or_else default_heartbeats)) with
| except.error f := pure (σ, except.error f)
| except.ok (sid, tac, ms, hb) :=
  match σ.states.find sid with
  | none := pure (σ, fail_with "unknown_state" ("no state " ++ to_string sid ++ " (never made, or released)"))
  | some p := do
      r ← run_tactic p tac ms hb,
      match r with
      | except.error f := pure (σ, except.error f)
      | except.ok p' := state_reply σ p'
      end
  end
end

meta def handle_release (σ : repl) (req : list (string × json)) : tactic (repl × reply) :=
match nat_list_field req "states" with
| except.error f := pure (σ, except.error f)
| except.ok ids :=
    let σ' : repl := {states := ids.foldl (λ m i, m.erase i) σ.states, ..σ} in
    pure (σ', except.ok [("released", json.of_int ids.length), ("live", json.of_int σ'.states.size)])
end

meta def handle_stats (σ : repl) : tactic (repl × reply) :=
pure (σ, except.ok [("live", json.of_int σ.states.size), ("requests", json.of_int σ.requests)])

meta def dispatch (σ : repl) (cmd : string) (req : list (string × json)) : tactic (repl × reply) :=
if cmd = "start" then handle_start σ req
else if cmd = "tactic" then handle_tactic σ req
else if cmd = "release" then handle_release σ req
else if cmd = "stats" then handle_stats σ
else if cmd = "init" then
  match str_field req "nonce" with
  | except.error f := pure (σ, except.error f)
  | except.ok n := pure ({nonce := n, ..σ}, except.ok [])
  end
else pure (σ, fail_with "unknown_command" ("unknown command '" ++ cmd ++ "'"))

/-- No request may end the loop: anything `dispatch` lets escape becomes an `internal_error`. -/
meta def safe_dispatch (σ : repl) (cmd : string) (req : list (string × json)) : tactic (repl × reply) :=
do r ← tactic.capture (dispatch σ cmd req),
   match r with
   | interaction_monad.result.success a _ := pure a
   | interaction_monad.result.exception msg _ _ :=
       pure (σ, fail_with "internal_error" (match msg with | some m := (m ()).to_string | none := "failed" end))
   end

meta def render (σ : repl) (id : json) (r : reply) : string :=
let tag := (match σ.nonce with | some n := [("nonce", json.of_string n)] | none := [] end) in
json.unparse $ json.object $ [("id", id)] ++ tag ++ (match r with
  | except.ok fs := ("ok", json.of_bool tt) :: fs
  | except.error f := [("ok", json.of_bool ff),
                       ("error", json.object [("kind", json.of_string f.kind),
                                              ("message", json.of_string f.message)])]
  end)

meta def time_marker (σ : repl) (id : json) : string :=
"lean-agent-time " ++ σ.nonce.get_or_else "-" ++ " " ++ json.unparse id

/-! ### Reading UTF-8 -/

meta def utf8_cont (c : char) : bool := to_bool (128 ≤ c.to_nat ∧ c.to_nat < 192)

meta def utf8_tail (c : char) : ℕ := c.to_nat - 128

/-- `io.fs.get_line` gives one `char` per byte, and `json.parse` of that would turn `ℕ` into three
    characters: decode the UTF-8 first. `none` for bytes that are not UTF-8. Tail-recursive, as
    a `start` request can carry a whole file's text. -/
meta def utf8_decode : list char → list char → option (list char)
| acc [] := some acc.reverse
| acc (c :: cs) :=
  let b := c.to_nat in
  if b < 128 then utf8_decode (c :: acc) cs
  else if b < 192 then none
  else if b < 224 then match cs with
    | (c1 :: r) := if utf8_cont c1 then utf8_decode (char.of_nat ((b - 192) * 64 + utf8_tail c1) :: acc) r
                   else none
    | _ := none
    end
  else if b < 240 then match cs with
    | (c1 :: c2 :: r) :=
        if utf8_cont c1 && utf8_cont c2
        then utf8_decode (char.of_nat (((b - 224) * 64 + utf8_tail c1) * 64 + utf8_tail c2) :: acc) r
        else none
    | _ := none
    end
  else if b < 248 then match cs with
    | (c1 :: c2 :: c3 :: r) :=
        if utf8_cont c1 && utf8_cont c2 && utf8_cont c3
        then utf8_decode (char.of_nat ((((b - 240) * 64 + utf8_tail c1) * 64 + utf8_tail c2) * 64
                                       + utf8_tail c3) :: acc) r
        else none
    | _ := none
    end
  else none

meta def handle_line (σ : repl) (raw : string) : io (repl × string) :=
let σ := {requests := σ.requests + 1, ..σ} in
match utf8_decode [] raw.to_list with
| none := pure (σ, render σ json.null (fail_with "bad_request" "the line is not valid UTF-8"))
| some chars :=
match json.parse chars.as_string with
| some (json.object req) :=
    let id := (field req "id").get_or_else json.null in
    match field req "cmd" with
    | some (json.of_string cmd) := do
        -- `timeit` prints Lean's own time for the request to stderr, where the client reads it
        -- (the bridge's overhead is the round trip minus this).
        (σ', r) ← io.run_tactic (tactic.timetac (time_marker σ id) (safe_dispatch σ cmd req)),
        pure (σ', render σ' id r)
    | _ := pure (σ, render σ id (fail_with "bad_request" "missing string field 'cmd'"))
    end
| some _ := pure (σ, render σ json.null (fail_with "bad_request" "a request must be a JSON object"))
| none := pure (σ, render σ json.null (fail_with "bad_json" "the line is not valid JSON"))
end
end

meta def loop (σ : repl) : io (option repl) :=
do stdin ← io.stdin,
   eof ← io.fs.is_eof stdin,
   if eof then pure none else do
   buf ← io.fs.get_line stdin,
   let line := buf.to_string,
   if is_blank line then
     (do e ← io.fs.is_eof stdin, pure (if e then none else some σ))
   else do
     (σ', out) ← handle_line σ line,
     stdout ← io.stdout,
     io.fs.put_str_ln stdout out,
     io.fs.flush stdout,
     pure (some σ')

end lean_agent

meta def main : io unit :=
do io.iterate (lean_agent.repl.mk native.mk_rb_map 0 none 0) (λ σ, lean_agent.loop σ),
   pure ()
