#!/usr/bin/env bash
# Body of `make chaos`: automated fault cases against the running local stack, each
# bounded in time, printing one table (case, fault injected, readings staged, rows in
# Cassandra, lost, duplicated, exit codes, how it recovered), then what the user saw
# (each failing step's exit code and the error of its summary line). Exit 0 only when
# every case ends with 0 lost and 0 duplicated.
#
#   stack/chaos.sh [case ...]                 WAQI faults (safe on a shared stack)
#   AQI_CHAOS_SERVICE_FAULTS=yes stack/chaos.sh --service-faults [case ...]
#                                             stack faults (stop/kill services: UNVERIFIED,
#                                             only on a stack nobody else is using)
#
# Each case uses its own simulator (127.0.0.1, ephemeral port), PostgreSQL database,
# topics, consumer group and keyspace, and drops them afterwards.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

SERVICE_FAULTS=no
for arg in "$@"; do [[ "$arg" == --service-faults ]] && SERVICE_FAULTS=yes; done

# ---- preconditions ------------------------------------------------------------------
bash stack/stack.sh status postgres kafka registry cassandra >/dev/null ||
  die "chaos needs postgres, kafka, registry and cassandra up: make up"
say "building the CLI (the cases run dist/tasks/cli.js)"
npm run --silent build >/dev/null || die "the TypeScript build failed (npm run build)"

# Every case is bounded; the whole run too (7 WAQI cases take about 2 minutes here).
BOUND_S=${AQI_CHAOS_TIMEOUT_S:-900}

if [[ "$SERVICE_FAULTS" == no ]]; then
  # ---- section 1: WAQI faults (timeouts, 5xx bursts, Over quota, truncated JSON, HTML,
  #      invalid key) injected by the simulator; the pipeline's own retries and reruns
  #      must end with every station in Cassandra exactly once.
  # Run through jest (ts-jest, from source): it asserts 0 lost / 0 duplicated per case and
  # prints the table at the end. Case names given as arguments select cases.
  say "WAQI fault cases"
  filter=()
  if [[ $# -gt 0 ]]; then filter=(-t "^($(IFS='|'; echo "$*")): "); fi
  exec timeout --kill-after=30 "$BOUND_S" npx jest --selectProjects integration \
    --testPathPatterns tests/integration/chaos/waqi-faults "${filter[@]}"
fi

# ---- section 2: service faults -------------------------------------------------------
# Kafka SIGKILLed during publish, Cassandra stopped during classify, PostgreSQL restarted
# during stage, a classify worker SIGKILLed, the registry stopped during publish. The
# runner injects each fault with stack/stack.sh (down/up) or var/run/<service>.pid, brings
# the service back after the step, and reruns the step as Airflow's retry would.
# These stop and restart the stack's services: run them only on a stack nobody else
# uses. 3000 stations make sure each step is still running when its fault hits.
[[ "${AQI_CHAOS_SERVICE_FAULTS:-}" == yes ]] ||
  die "service faults stop shared services: set AQI_CHAOS_SERVICE_FAULTS=yes on a stack nobody else uses"
say "service fault cases"
RUNNER=(node dist/tests/integration/chaos/chaos-table.js)
export AQI_CHAOS_STATIONS=${AQI_CHAOS_STATIONS:-3000}
status=0
timeout --kill-after=30 "$((BOUND_S * 2))" "${RUNNER[@]}" "$@" || status=$?
# Whatever happened, leave every service up again.
bash stack/stack.sh up postgres kafka registry cassandra || status=1
exit "$status"
