#!/usr/bin/env bash
# Runs the Airflow processes of the local stack as one unit: if any of them exits, the
# others are stopped too, so `make status` never shows a half-running Airflow as up.
set -uo pipefail
bin="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/var/venv/bin"

pids=()
any_alive() { local p; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
# After a first TERM the scheduler's LocalExecutor waits for running tasks to finish; a
# second TERM stops the wait and terminates them (our steps exit 75 and are rerun later).
# Without it a task in flight held `make down` until its 60 s kill (once in CI).
stop_all() {
  local waited=0
  kill -TERM "${pids[@]}" 2>/dev/null
  while any_alive && ((waited < 20)); do sleep 1; waited=$((waited + 1)); done
  any_alive && { echo "[airflow-supervise] still running after ${waited} s; TERM again (running tasks are stopped)" >&2; kill -TERM "${pids[@]}" 2>/dev/null; }
  wait
  exit "${1:-0}"
}
trap 'stop_all 0' TERM INT

"$bin/airflow" api-server & pids+=($!)
# The scheduler's log server binds every interface (its host is hard-coded); with the
# LocalExecutor the api-server reads task logs from the local files, so it is not needed.
"$bin/airflow" scheduler --skip-serve-logs & pids+=($!)
"$bin/airflow" dag-processor & pids+=($!)

wait -n
echo "[airflow-supervise] a process exited; stopping the others" >&2
stop_all 1
