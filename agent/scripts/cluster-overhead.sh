#!/usr/bin/env bash
# The overhead of going through the cluster: the same theorems proved by one local run and by a
# coordinator with NODES lean nodes on this machine's loopback (TLS, a key store made here), with
# the same total number of Lean workers. Prints a Markdown table (README, 'Several machines').
#
#   agent/scripts/cluster-overhead.sh [--nodes N] [--workers W] [--model DIR] [FILE.lean] [-- extra prove options]
#
# Local: `prove FILE --workers N*W`; cluster: N nodes with `--workers W` each, then
# `prove FILE --cluster`. With --model DIR the tactics come from that checkpoint (on the CPU):
# locally from the run's own model service, on the cluster from one `model` node that the lean
# nodes' searches ask over the network; "model s" sums the searches' time waiting for it. Wall time is the prove command's, from start to exit (the nodes are up
# and idle before it starts; each node's Lean pool starts with its first attempt, as a local
# run's does).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
nodes=2; workers=1; file="$here/examples/core.lean"; extra=(); model=""
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) file="$1"; shift ;;
  esac
done
agent="$here/lean-agent"
work="$(mktemp -d "${TMPDIR:-/tmp}/cluster-overhead-XXXXXX")"
pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
"$agent" --version >/dev/null   # builds the jar once, outside the timings

export LEAN_AGENT_CLUSTER_PASSWORD="overhead-$RANDOM$RANDOM"
export LEAN_AGENT_CLUSTER_KEY_STORE="$work/cluster.p12"
keytool -genkeypair -alias member -keyalg RSA -keysize 2048 -validity 2 -storetype PKCS12 \
  -keystore "$LEAN_AGENT_CLUSTER_KEY_STORE" -storepass "$LEAN_AGENT_CLUSTER_PASSWORD" -dname CN=lean-agent-overhead >/dev/null 2>&1

seconds() { python3 -c 'import sys,time; print(f"{time.time():.3f}")'; }
proved() { grep -c '"status":"proved"' "$1" || true; }
search_s() { python3 -c 'import json,sys; print(round(sum(json.loads(l)[sys.argv[2]] for l in open(sys.argv[1])),1))' "$1" "${2:-seconds}"; }
local_gen=(); cluster_gen=()
if [ -n "$model" ]; then
  local_gen=(--generator model --model "$model" --device cpu)
  cluster_gen=(--generator model)
fi

t0=$(seconds)
"$agent" prove "$file" --out "$work/local.jsonl" --workers $((nodes * workers)) "${local_gen[@]}" "${extra[@]}" >"$work/local.out" 2>"$work/local.err"
t1=$(seconds)

base=$((25000 + RANDOM % 20000))
for i in $(seq 0 $((nodes - 1))); do
  "$agent" node --role lean --seed 127.0.0.1:$base --port $((base + i)) --workers "$workers" >"$work/node$i.log" 2>&1 &
  pids+=($!)
done
up=$((nodes - 1))
if [ -n "$model" ]; then
  "$agent" node --role model --seed 127.0.0.1:$base --port $((base + nodes)) --model "$model" --device cpu >"$work/node$nodes.log" 2>&1 &
  pids+=($!)
  up=$nodes
fi
for i in $(seq 0 $up); do
  for _ in $(seq 1 600); do grep -q " is up " "$work/node$i.log" && break; sleep 0.2; done
  grep -q " is up " "$work/node$i.log" || { echo "node $i did not come up: $(cat "$work/node$i.log")" >&2; exit 1; }
done
t2=$(seconds)
"$agent" prove "$file" --out "$work/cluster.jsonl" --cluster 127.0.0.1:$base "${cluster_gen[@]}" "${extra[@]}" >"$work/cluster.out" 2>"$work/cluster.err"
t3=$(seconds)

theorems=$(wc -l <"$work/local.jsonl")
printf '| run | Lean workers | theorems | proved | wall s | sum of search s | sum of model s |\n| --- | --- | --- | --- | --- | --- | --- |\n'
printf '| local | %d | %d | %d | %.1f | %s | %s |\n' $((nodes * workers)) "$theorems" "$(proved "$work/local.jsonl")" "$(python3 -c "print($t1-$t0)")" "$(search_s "$work/local.jsonl")" "$(search_s "$work/local.jsonl" model_seconds)"
printf '| cluster, %d lean nodes%s | %d x %d | %d | %d | %.1f | %s | %s |\n' "$nodes" "${model:+ + 1 model node}" "$nodes" "$workers" "$(wc -l <"$work/cluster.jsonl")" "$(proved "$work/cluster.jsonl")" "$(python3 -c "print($t3-$t2)")" "$(search_s "$work/cluster.jsonl")" "$(search_s "$work/cluster.jsonl" model_seconds)"
echo "(results and logs in $work)"
