#!/usr/bin/python3
"""Golden token ids for TokenizerTest, from an encoder independent of the Java one.

Uses Debian's python3-sentencepiece (a different build of SentencePiece than DJL's JNI library).
Markers are split out here, by this script's own code, so the Java marker handling is checked
against an independent implementation too.

Run from the repository root:
    /usr/bin/python3 model/src/test/python/tokenizer_golden.py [path/to/internlm2.model]
It writes model/src/test/resources/golden/tokenizer-ids.json.
"""
import hashlib
import json
import os
import sys

import sentencepiece as spm

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "golden", "tokenizer-ids.json")
DEFAULT_MODEL = os.path.join(HERE, "..", "..", "..", "..", "..", "shared", "tokenizers", "internlm2.model")

MARKERS = {"<s>": 1, "</s>": 2, "<|im_start|>": 92543, "<|im_end|>": 92542}

MULTI_GOAL_STATE = """2 goals
case nat.zero
f : ℕ → ℝ,
h₀ : ∀ (x : ℕ), f (x + 1) = f x + 1,
h₁ : f 0 = 0
⊢ f 0 = ↑0

case nat.succ
f : ℕ → ℝ,
h₀ : ∀ (x : ℕ), f (x + 1) = f x + 1,
h₁ : f 0 = 0,
n : ℕ,
ih : f n = ↑n
⊢ f (n.succ) = ↑(n.succ)"""

SUM_STATE = """n : ℕ,
hn : 0 < n
⊢ ∑ i in finset.range n, (i : ℝ) = ↑n * (↑n - 1) / 2"""

# (name, text) pairs with no markers: plain SentencePiece.
PLAIN = [
    ("empty", ""),
    ("ascii", "intros x y"),
    ("epsilon-delta", "∀ ε > 0, ∃ δ > 0, ∀ x, |x - a| < δ → |f x - f a| < ε"),
    ("turnstile", "⊢ a + 0 = a"),
    ("nat-real", "ℕ ℝ ℤ ℚ ℂ"),
    ("subscripts", "x₁ x₂ h₀ h₁₂ a₁₀"),
    ("coercion", "↑n = (n : ℝ)"),
    ("big-sum", "∑ i in finset.range n, i ^ 2"),
    ("newlines", "a\nb\n\nc\n"),
    ("only-newline", "\n"),
    ("space-runs", "a  b   c    d"),
    ("leading-spaces", "   rw h"),
    ("trailing-spaces", "simp   "),
    ("only-spaces", "    "),
    ("tabs", "\tnorm_num\t[h]"),
    ("cjk", "数学证明：设 n 为自然数"),
    ("emoji", "done 🎉 ok 😀"),
    ("math-letters", "𝔽 𝕜 𝓝"),
    ("lean-tactic-block", "{ norm_num [nat.succ_eq_add_one] at h ⊢,\n  linarith [sq_nonneg (a - b)] }"),
    ("sum-state", SUM_STATE),
    ("multi-goal-state", MULTI_GOAL_STATE),
    # Looks like a marker but is not one.
    ("near-markers", "< s> <|im_start| im_end|> <s x"),
]

# Texts with markers in them.
MARKED = [
    ("bos-only", "<s>"),
    ("markers-adjacent", "<s></s><|im_start|><|im_end|>"),
    ("markers-inline", "a<|im_end|>b</s>c"),
    ("marker-then-newline", "<|im_start|>assistant\n"),
]

# The Java templates' texts, written out again here so a drift on either side shows.
TEMPLATES = {
    "internlm2-chat": lambda s: "<s><|im_start|>user\nGiven the Lean 3 tactic state, suggest a next tactic:\n"
    + s + "<|im_end|>\n<|im_start|>assistant\n",
    "gptf": lambda s: "<s>GOAL " + s + " PROOFSTEP ",
}
PROMPT_STATES = [("sum-state", SUM_STATE), ("multi-goal-state", MULTI_GOAL_STATE), ("empty", "")]


def encode_with_markers(sp, text):
    """Leftmost marker first; the text between markers goes through SentencePiece unchanged."""
    ids, start, i = [], 0, 0
    while i < len(text):
        hit = next((m for m in MARKERS if text.startswith(m, i)), None)
        if hit is None:
            i += 1
            continue
        ids += sp.encode(text[start:i])
        ids.append(MARKERS[hit])
        i += len(hit)
        start = i
    return ids + sp.encode(text[start:])


def main():
    model = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_MODEL)
    sp = spm.SentencePieceProcessor(model_file=model)
    assert sp.get_piece_size() == 92544, sp.get_piece_size()
    assert [sp.id_to_piece(i) for i in (1, 2, 92543, 92542)] == ["<s>", "</s>", "[UNUSED_TOKEN_146]", "[UNUSED_TOKEN_145]"]

    cases = []
    for name, text in PLAIN:
        ids = sp.encode(text)
        assert sp.decode(ids) == text, name
        cases.append({"name": name, "text": text, "ids": ids})
    for name, text in MARKED:
        cases.append({"name": name, "text": text, "ids": encode_with_markers(sp, text)})

    prompts = []
    for template, render in TEMPLATES.items():
        for name, state in PROMPT_STATES:
            text = render(state)
            ids = encode_with_markers(sp, text)
            assert ids[0] == 1 and ids.count(1) == 1, (template, name)
            prompts.append({"template": template, "state": state, "text": text, "ids": ids})

    newline_ids = [i for i in range(sp.get_piece_size())
                   if not sp.is_control(i) and "\n" in (chr(int(sp.id_to_piece(i)[3:5], 16)) if sp.is_byte(i) else sp.id_to_piece(i))]

    with open(model, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    golden = {
        "generator": "model/src/test/python/tokenizer_golden.py, python3-sentencepiece " + spm.__version__,
        "model_sha256": sha,
        "vocab_size": sp.get_piece_size(),
        "newline_ids": newline_ids,
        "cases": cases,
        "prompts": prompts,
    }
    # One case per line, so a regenerated file diffs case by case.
    lines = ['{']
    for key in ("generator", "model_sha256", "vocab_size", "newline_ids"):
        lines.append(" %s: %s," % (json.dumps(key), json.dumps(golden[key], ensure_ascii=False)))
    for key in ("cases", "prompts"):
        rows = ",\n  ".join(json.dumps(r, ensure_ascii=False) for r in golden[key])
        lines.append(' "%s": [\n  %s\n ]%s' % (key, rows, "," if key == "cases" else ""))
    lines.append('}')
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    assert json.load(open(OUT, encoding="utf-8")) == golden
    print("wrote", os.path.normpath(OUT), len(cases), "cases,", len(prompts), "prompts,", len(newline_ids), "newline ids")


if __name__ == "__main__":
    main()
