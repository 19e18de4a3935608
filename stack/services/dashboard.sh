# The dashboard: `aqi serve` (read-only page, JSON API, CSV/JSON exports) on 127.0.0.1.
# It reads Cassandra, PostgreSQL, Kafka, the registry and Airflow, so it starts last.
# shellcheck shell=bash

DASHBOARD_URL="http://${AQI_BIND}:${DASHBOARD_PORT}"

dashboard_start() {
  # The CLI and the bundled page come from `make build`; build once if they are missing.
  if [[ ! -f "$ROOT/dist/tasks/cli.js" || ! -f "$ROOT/dist/web/index.html" ]]; then
    say "dashboard: building the CLI and the page first"
    (cd "$ROOT" && npm run --silent build) >&2
  fi
  spawn_service dashboard node "$ROOT/dist/tasks/cli.js" serve --port "$DASHBOARD_PORT"
}

dashboard_health() { curl -fsS -o /dev/null --max-time 3 "$DASHBOARD_URL/"; }

dashboard_stop() { stop_service dashboard 15; }
