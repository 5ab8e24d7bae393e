#!/usr/bin/env bash
# Installs exactly the Debian 12 packages Bulwark needs to build and test. Idempotent:
# it only calls apt-get when something is missing.
set -euo pipefail
PKGS=(
  build-essential cmake ninja-build pkg-config ccache
  libhyperscan-dev libre2-dev libutf8proc-dev libicu-dev libphonenumber-dev
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libfasttext-dev
  libsqlite3-dev libssl-dev libboost-dev
  libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev
  wrk
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js runs the official JavaScript SDKs in the gateway integration tests. Checked by command,
# not by package, so a node from another source (e.g. NodeSource, which bundles npm) is kept.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#PKGS[@]} packages present"
else
  echo "deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The SDKs come from the npm registry; without it the build still works and only the SDK
# integration test fails (saying so).
bash "$(dirname "$0")/npm_deps.sh" || echo "deps: WARNING: JavaScript SDKs not installed; GatewaySdk tests will fail" >&2
