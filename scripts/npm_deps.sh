#!/usr/bin/env bash
# Installs the JavaScript SDKs the integration tests drive bulwark with (openai,
# @azure-rest/ai-content-safety) from the committed package-lock.json. Idempotent: `npm ci`
# runs only when node_modules is missing or older than the lock file.
set -euo pipefail
DIR="$(cd "$(dirname "$0")/.." && pwd)/tests/integration/js"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "npm_deps: node/npm not found (scripts/deps.sh installs nodejs and npm)" >&2
  exit 1
fi
stamp="$DIR/node_modules/.package-lock.json"
if [ -f "$stamp" ] && [ "$stamp" -nt "$DIR/package-lock.json" ]; then
  echo "npm_deps: JavaScript SDKs present"
  exit 0
fi
echo "npm_deps: npm ci in $DIR"
(cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error)
