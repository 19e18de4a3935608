#!/usr/bin/env bash
# Runs the Airflow processes of the local stack as one unit: if any of them exits, the
# others are stopped too, so `make status` never shows a half-running Airflow as up.
set -uo pipefail
bin="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/var/venv/bin"

pids=()
stop_all() { kill -TERM "${pids[@]}" 2>/dev/null; wait; exit "${1:-0}"; }
trap 'stop_all 0' TERM INT

"$bin/airflow" api-server & pids+=($!)
# The scheduler's log server binds every interface (its host is hard-coded); with the
# LocalExecutor the api-server reads task logs from the local files, so it is not needed.
"$bin/airflow" scheduler --skip-serve-logs & pids+=($!)
"$bin/airflow" dag-processor & pids+=($!)

wait -n
echo "[airflow-supervise] a process exited; stopping the others" >&2
stop_all 1
