#!/usr/bin/env bash
# scripts/bench/gateway_bench.sh — the gateway benchmark in one run (`make bench-gateway`).
#
# Three targets, each driven the same way:
#   direct      the canned upstream (tools/gateway_loadgen.cpp `upstream`) without Bulwark
#   scan-off    bulwark serve with a policy that runs no detector
#   all-on      bulwark serve with every registered detector (rules + the models in models/)
# and three measurements per target:
#   1. latency at a fixed rate (default 1,000 requests/s, open loop, from each request's due
#      time: gateway_loadgen `rate`), p50/p99, and the difference to direct ("added");
#   2. the most requests/s wrk reaches (closed loop, WRK_CONNECTIONS keep-alive connections);
#   3. streaming: time to the first token (gateway_loadgen `ttft`), the upstream sending
#      TOKENS tokens TOKEN_DELAY_US apart; Bulwark releases text only after its hold-back
#      window (streaming.holdback_chars, HOLDBACK) has been scanned.
# Requests are a typical chat completion: a system prompt and a ~415-character user message.
# Everything runs on this machine, so the load generator, the upstream and Bulwark share its cores.
set -euo pipefail
cd "$(dirname "$0")/../.."

BUILD=${BUILD:-build}
RATE=${RATE:-1000}
RATE_SECONDS=${RATE_SECONDS:-10}
RATE_CONNECTIONS=${RATE_CONNECTIONS:-32}
WRK_SECONDS=${WRK_SECONDS:-10}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-1}
TOKENS=${TOKENS:-200}
TOKEN_DELAY_US=${TOKEN_DELAY_US:-1000}
HOLDBACK=${HOLDBACK:-1000}
TTFT_REQUESTS=${TTFT_REQUESTS:-30}
KEY=bench-master-key

command -v wrk >/dev/null || { echo "gateway_bench: wrk is missing (apt-get install wrk, or make deps)" >&2; exit 1; }
cmake --build "$BUILD" --target bulwark gateway_loadgen >/dev/null
BIN="$BUILD/bulwark"
GEN="$BUILD/gateway_loadgen"

BENCH_NAME=gateway_bench
# shellcheck source=scripts/bench/lib.sh
source scripts/bench/lib.sh

UP=$(free_port)
"$GEN" upstream --port "$UP" --tokens "$TOKENS" --token-delay-us "$TOKEN_DELAY_US" 2>"$tmp/upstream.log" &
track $!
wait_port "$UP"

# Policies: no detector at all, and every detector `bulwark detectors` lists.
printf 'version: 1\nname: bench-scan-off\nuse_default_detectors: false\n' >"$tmp/off.yaml"
{
  printf 'version: 1\nname: bench-all-detectors\ndetectors:\n'
  "$BIN" detectors | awk 'NR>1 && $1 ~ /^[a-z_]+\.[a-z_.]+$/ {print "  " $1 ": {}"}'
} >"$tmp/all.yaml"
ndet=$(grep -c ': {}' "$tmp/all.yaml")

start_gateway() {   # name policy → port
  local port
  port=$(free_port)
  printf 'listen: 127.0.0.1:%s\npolicy: %s\nupstream:\n  url: http://127.0.0.1:%s/v1\nlimits:\n  max_connections: 1024\nstorage:\n  db: %s\nstreaming:\n  holdback_chars: %s\n' \
    "$port" "$tmp/$2.yaml" "$UP" "$tmp/$1.db" "$HOLDBACK" >"$tmp/$1.gw.yaml"
  BULWARK_MASTER_KEY=$KEY "$BIN" serve --config "$tmp/$1.gw.yaml" >"$tmp/$1.log" 2>&1 &
  track $!
  wait_port "$port"
  echo "$port"
}
P_OFF=$(start_gateway off off)
P_ALL=$(start_gateway all all)

SYSTEM="You are a helpful customer-support assistant for an online shop. Answer briefly and politely, and never reveal internal notes."
USER_MSG="Hi, my order #4411 was shipped last Tuesday but the tracking page has not updated since then. I ordered a pair of running shoes and a water bottle, and I need them before my race on Sunday. Can you tell me what usually causes tracking to stall, whether I should expect the parcel by Friday, and what I should do if it does not arrive in time? Also, can I change the delivery address to my office instead of my home?"
python3 - "$tmp" "$SYSTEM" "$USER_MSG" <<'EOF'
import json, sys
d, system, user = sys.argv[1:4]
msgs = [{"role": "system", "content": system}, {"role": "user", "content": user}]
open(f"{d}/chat.json", "w").write(json.dumps({"model": "gpt-test", "messages": msgs}))
open(f"{d}/stream.json", "w").write(json.dumps({"model": "gpt-test", "stream": True, "messages": msgs}))
open(f"{d}/post.lua", "w").write(
    'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
    'wrk.headers["Authorization"] = "Bearer bench-master-key"\n'
    f"wrk.body = {json.dumps(open(f'{d}/chat.json').read())}\n")
EOF

H=(--header "Authorization: Bearer $KEY")
declare -A RATE_JSON WRK_RPS TTFT_JSON
for t in direct off all; do
  case $t in direct) p=$UP ;; off) p=$P_OFF ;; all) p=$P_ALL ;; esac
  # warm-up: connections, pools, caches
  "$GEN" rate --port "$p" --path /v1/chat/completions --body "$tmp/chat.json" "${H[@]}" --rate 500 --seconds 1 \
    --connections "$RATE_CONNECTIONS" >/dev/null
  RATE_JSON[$t]=$("$GEN" rate --port "$p" --path /v1/chat/completions --body "$tmp/chat.json" "${H[@]}" \
    --rate "$RATE" --seconds "$RATE_SECONDS" --connections "$RATE_CONNECTIONS")
  WRK_RPS[$t]=$(wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" -s "$tmp/post.lua" \
    "http://127.0.0.1:$p/v1/chat/completions" | awk '/Requests\/sec/ {print $2}')
  TTFT_JSON[$t]=$("$GEN" ttft --port "$p" --path /v1/chat/completions --body "$tmp/stream.json" "${H[@]}" \
    --requests "$TTFT_REQUESTS")
done

python3 - "$RATE" "$ndet" "$(nproc)" "$HOLDBACK" "$TOKENS" "$TOKEN_DELAY_US" \
  "${RATE_JSON[direct]}" "${RATE_JSON[off]}" "${RATE_JSON[all]}" \
  "${WRK_RPS[direct]}" "${WRK_RPS[off]}" "${WRK_RPS[all]}" \
  "${TTFT_JSON[direct]}" "${TTFT_JSON[off]}" "${TTFT_JSON[all]}" <<'EOF'
import json, sys
rate, ndet, cores, holdback, tokens, delay = sys.argv[1:7]
r = [json.loads(x) for x in sys.argv[7:10]]
w = [float(x or 0) for x in sys.argv[10:13]]
f = [json.loads(x) for x in sys.argv[13:16]]
names = ["upstream direct", "bulwark, scanning off", f"bulwark, all {ndet} detectors"]
print(f"\n{cores} cores; fixed rate {rate} req/s (open loop); wrk closed loop; stream: {tokens} tokens {delay} µs apart, holdback {holdback} chars\n")
print("| target | p50 @%s/s | p99 @%s/s | added p50 | added p99 | errors | max req/s (wrk) | vs direct | TTFT p50 | TTFT added |" % (rate, rate))
print("|---|---|---|---|---|---|---|---|---|---|")
for i, n in enumerate(names):
    add50 = "–" if i == 0 else f"{r[i]['p50_ms'] - r[0]['p50_ms']:+.3f} ms"
    add99 = "–" if i == 0 else f"{r[i]['p99_ms'] - r[0]['p99_ms']:+.3f} ms"
    ratio = "1.00" if i == 0 else (f"{w[i] / w[0]:.2f}" if w[0] else "–")
    tadd = "–" if i == 0 else f"{f[i]['ttft_p50_ms'] - f[0]['ttft_p50_ms']:+.2f} ms"
    print(f"| {n} | {r[i]['p50_ms']:.3f} ms | {r[i]['p99_ms']:.3f} ms | {add50} | {add99} | {r[i]['errors']} | {w[i]:,.0f} | {ratio} | {f[i]['ttft_p50_ms']:.2f} ms | {tadd} |")
print("\nraw:")
for n, a, b in zip(names, r, f):
    print(f"  {n}: rate {json.dumps(a)}\n  {' ' * len(n)}  ttft {json.dumps(b)}")
EOF
