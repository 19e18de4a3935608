#!/bin/bash
# `docker run aqi-airflow scheduler` runs `airflow scheduler`; bash, sh and python run as given.
set -euo pipefail
case "${1:-}" in
  bash | sh | python | python3) exec "$@" ;;
  *) exec airflow "$@" ;;
esac
