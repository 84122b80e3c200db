#!/usr/bin/env bash
# Writes the tests' tiny InternLM2 checkpoint (2 layers, random weights, the real InternLM2
# tokenizer from ../shared/tokenizers or $LEAN_AGENT_TOKENIZER) to DIR: a model directory that
# --model accepts, for measuring the model's plumbing (cluster-overhead.sh --model DIR) without
# a real model. It proposes nothing useful.
#
#   agent/scripts/tiny-checkpoint.sh DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
tokenizer="${LEAN_AGENT_TOKENIZER:-$here/../shared/tokenizers/internlm2.model}"
[ -f "$tokenizer" ] || { echo "no InternLM2 tokenizer at $tokenizer (set LEAN_AGENT_TOKENIZER)" >&2; exit 2; }
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
(cd "$here" && mvn -q -B -pl model -am test-compile -DskipTests >/dev/null \
  && mvn -q -B -pl model dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null)
java -Dleanagent.tokenizer.model="$tokenizer" \
  -cp "$here/model/target/test-classes:$here/model/target/classes:$(cat "$cp_file")" \
  dev.leanagent.model.testing.WriteTinyCheckpoint "$1"
