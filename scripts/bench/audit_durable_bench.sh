#!/usr/bin/env bash
# scripts/bench/audit_durable_bench.sh — what durable audit costs: two gateways in front of the
# same canned upstream (tools/gateway_loadgen.cpp), identical but for audit.durable (true:
# answer after the row's commit; false: answer first, write behind), measured in the same run
# with the open-loop fixed-rate load of `make bench-gateway` (latency from each request's due
# time), alternating targets so that machine noise hits both; then wrk's closed-loop maximum.
set -euo pipefail
cd "$(dirname "$0")/../.."

BUILD=${BUILD:-build}
RATE=${RATE:-500}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-16}
SYNC=${SYNC:-normal}
KEY=bench-master-key
BIN="$BUILD/bulwark"
GEN="$BUILD/gateway_loadgen"

BENCH_NAME=audit_durable_bench
# shellcheck source=scripts/bench/lib.sh
source scripts/bench/lib.sh

UP=$(free_port)
"$GEN" upstream --port "$UP" 2>"$tmp/upstream.log" &
track $!
wait_port "$UP"
start_gateway() {   # name durable → port
  local port
  port=$(free_port)
  printf 'listen: 127.0.0.1:%s\nupstream:\n  url: http://127.0.0.1:%s/v1\nlimits:\n  max_connections: 1024\nstorage:\n  db: %s\naudit:\n  durable: %s\n  synchronous: %s\n' \
    "$port" "$UP" "$tmp/$1.db" "$2" "$SYNC" >"$tmp/$1.yaml"
  BULWARK_MASTER_KEY=$KEY "$BIN" serve --config "$tmp/$1.yaml" >"$tmp/$1.log" 2>&1 &
  track $!
  wait_port "$port"
  echo "$port"
}
P_ON=$(start_gateway durable true)
P_OFF=$(start_gateway behind false)
python3 -c 'import json; print(json.dumps({"model":"gpt-test","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Hi, my order #4411 was shipped last Tuesday but tracking has not updated. What usually causes that, and can I change the delivery address?"}]}))' >"$tmp/chat.json"
H=(--header "Authorization: Bearer $KEY")
for p in "$P_ON" "$P_OFF"; do
  "$GEN" rate --port "$p" --path /v1/chat/completions --body "$tmp/chat.json" "${H[@]}" --rate "$RATE" --seconds 1 \
    --connections "$CONNECTIONS" >/dev/null
done
for r in $(seq 1 "$ROUNDS"); do
  for t in on off; do
    p=$P_ON; [ "$t" = off ] && p=$P_OFF
    "$GEN" rate --port "$p" --path /v1/chat/completions --body "$tmp/chat.json" "${H[@]}" --rate "$RATE" \
      --seconds "$SECONDS_PER_RUN" --connections "$CONNECTIONS" >"$tmp/rate_${t}_$r.json"
  done
done
if command -v wrk >/dev/null; then
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = "Bearer %s"\nwrk.body = [[%s]]\n' \
    "$KEY" "$(cat "$tmp/chat.json")" >"$tmp/post.lua"
  for t in on off; do
    p=$P_ON; [ "$t" = off ] && p=$P_OFF
    wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s "$tmp/post.lua" "http://127.0.0.1:$p/v1/chat/completions" |
      awk '/Requests\/sec/ {print $2}' >"$tmp/wrk_$t.txt"
  done
fi
commit_hist=$(curl -s "127.0.0.1:$P_ON/metrics" | grep -E '^bulwark_audit_commit_seconds_(sum|count)' | tr '\n' ' ')
python3 - "$tmp" "$ROUNDS" "$RATE" "$SYNC" "$commit_hist" <<'PY'
import json, sys, os
d, rounds, rate, sync, hist = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
def load(t): return [json.load(open(f"{d}/rate_{t}_{r}.json")) for r in range(1, rounds + 1)]
on, off = load("on"), load("off")
med = lambda xs: sorted(xs)[len(xs) // 2]
print(f"\n{os.cpu_count()} cores; open loop {rate} req/s, {rounds} alternating rounds; audit.synchronous={sync}\n")
print("| audit | p50 | p99 | errors |")
print("|---|---|---|---|")
for name, rs in (("durable: true", on), ("durable: false", off)):
    print(f"| {name} | {med([r['p50_ms'] for r in rs]):.3f} ms | {med([r['p99_ms'] for r in rs]):.3f} ms | {sum(r['errors'] for r in rs)} |")
p50 = med([r['p50_ms'] for r in on]) / med([r['p50_ms'] for r in off])
p99 = med([r['p99_ms'] for r in on]) / med([r['p99_ms'] for r in off])
print(f"\nratio durable/behind: p50 {p50:.2f}x ({med([r['p50_ms'] for r in on]) - med([r['p50_ms'] for r in off]):+.3f} ms), "
      f"p99 {p99:.2f}x ({med([r['p99_ms'] for r in on]) - med([r['p99_ms'] for r in off]):+.3f} ms)")
w = {t: open(f"{d}/wrk_{t}.txt").read().strip() if os.path.exists(f"{d}/wrk_{t}.txt") else "" for t in ("on", "off")}
if w["on"] and w["off"]:
    print(f"wrk max req/s: durable {float(w['on']):,.0f}, behind {float(w['off']):,.0f} (ratio {float(w['on'])/float(w['off']):.2f})")
print(f"commit wait (durable gateway, whole run): {hist}")
print("raw:", json.dumps({"durable": on, "behind": off}))
PY
