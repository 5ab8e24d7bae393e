# scripts/bench/lib.sh — what the gateway benchmarks share (sourced, not run): a temporary
# directory and the background processes, both cleaned up on exit; free loopback ports; waiting
# for a port to listen. Set BENCH_NAME before sourcing, for messages.
#
# Start background processes with `track $!`: it records the pid in a file, so that processes
# started inside $(...) (a subshell, where an array would not reach the parent) are killed too.
tmp=$(mktemp -d)
track() { echo "$1" >>"$tmp/pids"; }
cleanup() {
  if [ -f "$tmp/pids" ]; then
    while read -r p; do kill "$p" 2>/dev/null || true; done <"$tmp/pids"
  fi
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_port() {
  for _ in $(seq 1 200); do
    (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "${BENCH_NAME:-bench}: nothing listens on $1" >&2
  exit 1
}
