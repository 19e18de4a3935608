#!/usr/bin/env bash
# Body of `make chaos-cluster`: the cluster fault case (tests/integration/chaos/cluster-case.ts).
# Under hours of simulated load, one Kafka node is SIGKILLed during publish and one
# Cassandra node during classify; the pipeline must go on, lose nothing, duplicate nothing,
# and the nodes must rejoin. Starts the cluster if no node of it runs and then stops it
# again at the end (a cluster found running is left running). PostgreSQL and the registry
# are the shared stack's: started only if down, never stopped. Bounded in time.
#   AQI_CLUSTER_CHAOS_TIMEOUT_S (1800), and the settings in cluster-chaos.ts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$ROOT"

BOUND_S=${AQI_CLUSTER_CHAOS_TIMEOUT_S:-1800}
CLUSTER=(bash stack/cluster/cluster.sh)
SAMPLES="$VAR/cluster/logs/rss-samples.log"
secs() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); }

t_all=$(now_ms)
bash stack/stack.sh status postgres registry >/dev/null 2>&1 || bash stack/stack.sh up postgres registry
say "building the CLI (the case runs dist/)"
npm run --silent build >/dev/null || die "the TypeScript build failed (npm run build)"

ours=no
[[ -n "$("${CLUSTER[@]}" rss)" ]] || ours=yes
t=$(now_ms)
"${CLUSTER[@]}" up
up_ms=$(($(now_ms) - t))

# Peak memory of each node over the case, from a sample every 5 s.
mkdir -p "$(dirname "$SAMPLES")"
: >"$SAMPLES"
(while sleep 5; do "${CLUSTER[@]}" rss >>"$SAMPLES" 2>/dev/null || true; done) &
sampler=$!

t=$(now_ms)
status=0
timeout --kill-after=30 "$BOUND_S" node dist/tests/integration/chaos/cluster-chaos.js || status=$?
case_ms=$(($(now_ms) - t))
kill "$sampler" 2>/dev/null || true

say "peak RSS over the case (MiB):"
awk '{ if ($2 > peak[$1]) peak[$1] = $2 } END { for (n in peak) { printf "  %s %d\n", n, peak[n]; sum += peak[n] } printf "  all nodes (sum of peaks) %d\n", sum }' "$SAMPLES" | sort >&2

if [[ "$ours" == yes ]]; then
  t=$(now_ms)
  "${CLUSTER[@]}" down
  down_ms=$(($(now_ms) - t))
  say "cluster up $(secs "$up_ms") s, case $(secs "$case_ms") s, down $(secs "$down_ms") s; end to end $(secs $(($(now_ms) - t_all))) s"
else
  # Whatever the case did, every node runs again, as found.
  "${CLUSTER[@]}" up || status=1
  say "cluster was running (left running); case $(secs "$case_ms") s"
fi
exit "$status"
