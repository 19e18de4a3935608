#!/usr/bin/env bash
# `make bench`: builds, then runs every compiled benchmark (dist/bench/*.js) and every
# Python one (bench/*.py, with the project's Airflow venv) in turn, each once the machine
# is quiet. Each benchmark prints its own figures; this script adds how
# busy the CPUs were during each and how much time the hypervisor stole, and reports
# which benchmarks failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
npx tsc -p .
shopt -s nullglob
benches=(dist/bench/*.js bench/*.py)
if [[ ${#benches[@]} -eq 0 ]]; then
  echo "no benchmarks in dist/bench"
  exit 0
fi
# The aggregate fields of /proc/stat's "cpu" line: user nice system idle iowait irq softirq steal.
cpu_ticks() { awk '/^cpu / { print $2+$3+$4+$7+$8, $5+$6, $9 }' /proc/stat; }

# Waits (at most 120 s) until the machine is quiet: a benchmark must not inherit the
# previous one's background work (Cassandra compacting what it just wrote, PostgreSQL
# checkpointing, Kafka deleting topics), which halved some figures here.
quiesce() {
  local waited=0 b0 i0 s0 b1 i1 s1 busy
  while ((waited < 120)); do
    read -r b0 i0 s0 < <(cpu_ticks)
    sleep 2
    read -r b1 i1 s1 < <(cpu_ticks)
    waited=$((waited + 2))
    busy=$(( 100 * (b1 - b0) / (b1 - b0 + i1 - i0 + 1) ))
    ((busy < 15)) && break
  done
  echo "machine quiet after ${waited} s (busy ${busy}%)"
}

failed=()
for bench in "${benches[@]}"; do
  echo "=== $bench"
  quiesce
  read -r b0 i0 s0 < <(cpu_ticks)
  case "$bench" in
    *.py) var/venv/bin/python "$bench" || failed+=("$bench") ;;
    *) node "$bench" || failed+=("$bench") ;;
  esac
  read -r b1 i1 s1 < <(cpu_ticks)
  # Steal: CPU time the hypervisor gave to other guests while this VM wanted it. On a
  # shared host it explains figures that differ between otherwise identical runs.
  echo "cpu during $bench: busy $(( 100 * (b1 - b0) / (b1 - b0 + i1 - i0 + 1) ))%, stolen by the hypervisor $(( 100 * (s1 - s0) / (b1 - b0 + i1 - i0 + s1 - s0 + 1) ))%"
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
