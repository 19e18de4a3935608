#!/usr/bin/env bash
# `make run`: the pipeline once, end to end, on a fresh machine. Installs and starts the
# local stack (make setup, make up), registers the WAQI pool, unpauses aqi_pipeline,
# triggers a run against the embedded WAQI simulator (or the live API when WAQI_TOKEN is
# set), waits for it and prints what each step did. Services stay up until `make down`.
#
# Knobs (environment): WAQI_TOKEN; AQI_RUN_CONF, the run's parameters as JSON (default
# {"workers": 2, "replay": true}: replay makes the summary show the whole hour even when
# the hourly schedule has already processed it; it is idempotent); AQI_RUN_TIMEOUT,
# seconds to wait for the run (default 1800).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=stack/lib.sh
source stack/lib.sh
load_stack_env

DAG_ID=aqi_pipeline
RUN_CONF="${AQI_RUN_CONF:-{\"workers\": 2, \"replay\": true\}}"
RUN_TIMEOUT="${AQI_RUN_TIMEOUT:-1800}"
PY="$VAR/venv/bin/python"
export AIRFLOW_HOME="$VAR/airflow"
export AIRFLOW_CONFIG="$AIRFLOW_HOME/airflow.cfg"
export AQI_AIRFLOW_API="http://$AQI_BIND:$AIRFLOW_PORT"
export AQI_AIRFLOW_PASSWORDS="$AIRFLOW_HOME/passwords.json"

step() { printf '\n[run] %s\n' "$*" >&2; }
airflow_cli() { "$VAR/venv/bin/airflow" "$@" 2> >(grep -v -e 'graphviz' -e 'UserWarning' >&2); }

step "setup (idempotent)"
make --no-print-directory setup
step "build the aqi CLI"
make --no-print-directory build
step "start the local stack"
make --no-print-directory up

runner="$(cat "$RUN/airflow.runner" 2>/dev/null || echo local)"
if [[ "$runner" == docker ]]; then
  step "the tasks image (Airflow runs every step as a container of it; incremental)"
  make --no-print-directory image
else
  step "steps run as local processes (AQI_RUNNER=local: no Docker engine when Airflow started)"
fi

step "pool waqi_api (1 slot: one fetch at a time against the WAQI quota)"
airflow_cli pools import airflow/pools.json >/dev/null

if [[ -n "${WAQI_TOKEN:-}" ]]; then
  step "connection waqi_default from WAQI_TOKEN (live WAQI API)"
  # Through a private file, never argv: a command line is visible to every local user.
  conn_file="$(umask 077 && mktemp)"
  trap 'rm -f "$conn_file"' EXIT
  "$PY" - "$conn_file" <<'PY'
import json, os, sys
conn = {"waqi_default": {"conn_type": "http", "host": "api.waqi.info", "password": os.environ["WAQI_TOKEN"]}}
with open(sys.argv[1], "w") as f:
    json.dump(conn, f)
PY
  airflow_cli connections import --overwrite "$conn_file" >/dev/null
  rm -f "$conn_file"
else
  step "no WAQI_TOKEN: fetch uses the embedded WAQI simulator"
fi

# Waiting, triggering and reporting go through Airflow's REST API (dags/aqi_runtime/airflow_rest.py).
rest() { PYTHONPATH="$ROOT/dags" "$PY" -m aqi_runtime.airflow_rest "$@"; }

step "waiting for the dag-processor to register $DAG_ID"
rest wait-dag "$DAG_ID" 180

# Trigger first, then unpause: the run takes the latest hour, so the scheduler does not
# queue a scheduled run of that same hour ahead of it.
run_id="make_run__$(date -u +%Y-%m-%dT%H-%M-%SZ)"
step "trigger $run_id with $RUN_CONF"
rest trigger "$DAG_ID" "$run_id" "$RUN_CONF"

step "unpause $DAG_ID (hourly schedule from now on)"
airflow_cli dags unpause "$DAG_ID" >/dev/null

step "waiting for $run_id (timeout ${RUN_TIMEOUT}s)"
status=0
rest wait-run "$DAG_ID" "$run_id" "$RUN_TIMEOUT" || status=$?

rest report "$DAG_ID" "$run_id" || true
printf '\n'
printf 'Runner:     %s%s\n' "$runner" "$([[ "$runner" == docker ]] && echo " (every step a container of aqi-tasks; make image)" || echo " (local processes; start Docker and restart Airflow for containers)")"
bash stack/ui.sh
if port_open "$DASHBOARD_PORT"; then
  printf 'Dashboard:  http://%s:%s/\n' "$AQI_BIND" "$DASHBOARD_PORT"
else
  printf 'Dashboard:  node dist/tasks/cli.js serve   (then http://%s:%s/)\n' "$AQI_BIND" "$DASHBOARD_PORT"
fi
printf 'Stop:       make down\n'
exit "$status"
