#!/usr/bin/env bash
# `make ui`: where the Airflow UI is and how to log in (the password is generated locally).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
passwords="$VAR/airflow/passwords.json"
printf 'Airflow UI: http://%s:%s/\n' "$AQI_BIND" "$AIRFLOW_PORT"
if [[ -f "$passwords" ]]; then
  printf 'Login:      admin / %s\n' "$(sed -n 's/.*"admin": *"\([^"]*\)".*/\1/p' "$passwords")"
else
  printf 'Login:      admin (password generated on the first `make up`, in %s)\n' "$passwords"
fi
live_pid airflow >/dev/null || printf 'Airflow is not running: make up-airflow\n'
