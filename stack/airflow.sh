#!/usr/bin/env bash
# The project's `airflow` command, as the running stack sees it: var/venv's Airflow with
# AIRFLOW_HOME and AIRFLOW_CONFIG of `make up` (a bare `airflow` is not on PATH, and one
# without them would talk to a fresh SQLite database of its own).
#   bash stack/airflow.sh connections add waqi_default --conn-type http --conn-password "$TOKEN"
#   bash stack/airflow.sh backfill create --dag-id aqi_pipeline --from-date ... --to-date ...
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/stack/services/airflow.sh"
[[ -x "$AIRFLOW_VENV/bin/airflow" ]] || die "Airflow is not installed in $AIRFLOW_VENV: run 'make setup'"
[[ -f "$AIRFLOW_CONFIG" ]] || die "no $AIRFLOW_CONFIG yet: run 'make up' first"
exec "$AIRFLOW_VENV/bin/airflow" "$@"
