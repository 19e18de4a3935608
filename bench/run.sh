#!/usr/bin/env bash
# `make bench`: builds, then runs every compiled benchmark (dist/bench/*.js) in turn. Each
# benchmark prints its own figures; this script only reports which ones failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
npx tsc -p .
shopt -s nullglob
benches=(dist/bench/*.js)
if [[ ${#benches[@]} -eq 0 ]]; then
  echo "no benchmarks in dist/bench"
  exit 0
fi
failed=()
for bench in "${benches[@]}"; do
  echo "=== $bench"
  node "$bench" || failed+=("$bench")
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
