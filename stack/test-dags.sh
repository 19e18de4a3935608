#!/usr/bin/env bash
# `make test-dags`: pytest over tests/dags with the project's Airflow (var/venv) and the local
# Airflow configuration, so DagBag parses dags/ exactly as the running scheduler does.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/stack/services/airflow.sh"

[[ -x "$VAR/venv/bin/python" ]] || die "no Python venv in var/venv: run 'make setup'"
airflow_write_config

tests=$(find "$ROOT/tests/dags" -name 'test_*.py' -o -name '*_test.py' 2>/dev/null | wc -l)
if [[ "$tests" -eq 0 ]]; then
  say "no DAG tests in tests/dags"
  exit 0
fi
cd "$ROOT"
# Exit code 5 (no tests collected) is a failure here: test files exist, so something is wrong.
# `make test-dags` runs them all; `bash stack/test-dags.sh tests/dags/test_x.py -k y` runs some.
if [[ "${1:-}" == tests/* ]]; then
  exec "$VAR/venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
fi
exec "$VAR/venv/bin/python" -m pytest -q -p no:cacheprovider tests/dags "$@"
