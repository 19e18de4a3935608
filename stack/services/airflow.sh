# Airflow 3 from var/venv: api-server, scheduler and dag-processor under one supervisor
# (stack/airflow-supervise.sh), metadata in the `airflow` database of our PostgreSQL.
# shellcheck shell=bash

# shellcheck source=stack/services/docker.sh
source "$ROOT/stack/services/docker.sh"

AIRFLOW_VENV="$VAR/venv"
AIRFLOW_RUNNER_FILE="$RUN/airflow.runner"
export AIRFLOW_HOME="$VAR/airflow"
export AIRFLOW_CONFIG="$AIRFLOW_HOME/airflow.cfg"

random_secret() { head -c 32 /dev/urandom | base64 | tr '+/' '-_'; }

# Secrets and the admin password are generated once and kept under var/airflow.
airflow_write_config() {
  mkdir -p "$AIRFLOW_HOME" "$LOGS/airflow"
  local secrets="$AIRFLOW_HOME/secrets.env"
  if [[ ! -f "$secrets" ]]; then
    umask 077
    printf 'SECRET_KEY=%s\nJWT_SECRET=%s\nFERNET_KEY=%s\n' "$(random_secret)" "$(random_secret)" \
      "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_')" >"$secrets"
  fi
  if [[ ! -f "$AIRFLOW_HOME/passwords.json" ]]; then
    umask 077
    printf '{"admin": "%s"}\n' "$(random_secret | cut -c1-16)" >"$AIRFLOW_HOME/passwords.json"
  fi
  local SECRET_KEY JWT_SECRET FERNET_KEY
  # shellcheck source=/dev/null
  source "$secrets"
  sed -e "s|@ROOT@|$ROOT|g" -e "s|@AIRFLOW_HOME@|$AIRFLOW_HOME|g" -e "s|@LOGS@|$LOGS|g" \
    -e "s|@BIND@|$AQI_BIND|g" -e "s|@PORT@|$AIRFLOW_PORT|g" -e "s|@PG_PORT@|$PG_PORT|g" \
    -e "s|@SECRET_KEY@|$SECRET_KEY|g" -e "s|@JWT_SECRET@|$JWT_SECRET|g" -e "s|@FERNET_KEY@|$FERNET_KEY|g" \
    "$ROOT/airflow/airflow.cfg.template" >"$AIRFLOW_CONFIG.tmp"
  chmod 600 "$AIRFLOW_CONFIG.tmp"
  mv "$AIRFLOW_CONFIG.tmp" "$AIRFLOW_CONFIG"
}

# The design card's shape when it can run: with a Docker engine up, every step is a
# container of the tasks image (AQI_RUNNER=docker); without one, a local process. An
# AQI_RUNNER given by the user wins. The choice is written down for `make run` and status.
airflow_choose_runner() {
  if [[ -z "${AQI_RUNNER:-}" ]]; then
    if [[ ! -f "$DOCKER_UNAVAILABLE_MARK" ]] && engine_answers "$(docker_engine_host)"; then
      AQI_RUNNER=docker
    else
      AQI_RUNNER=local
    fi
  fi
  export AQI_RUNNER
  if [[ "$AQI_RUNNER" == docker ]]; then
    AQI_DOCKER_URL="${AQI_DOCKER_URL:-$(docker_engine_host)}"
    export AQI_DOCKER_URL
  fi
  printf '%s\n' "$AQI_RUNNER" >"$AIRFLOW_RUNNER_FILE"
  say "airflow: steps run with the $AQI_RUNNER runner${AQI_DOCKER_URL:+ (engine $AQI_DOCKER_URL)}"
}

airflow_start() {
  [[ -x "$AIRFLOW_VENV/bin/airflow" ]] || die "Airflow is not installed in $AIRFLOW_VENV: run 'make setup'"
  live_pid postgres >/dev/null || die "airflow needs postgres: make up SERVICES=\"postgres airflow\""
  airflow_write_config
  say "airflow: db migrate"
  "$AIRFLOW_VENV/bin/airflow" db migrate >>"$LOGS/airflow.log" 2>&1 ||
    { tail -n 40 "$LOGS/airflow.log" >&2; die "airflow db migrate failed"; }
  airflow_choose_runner
  spawn_service airflow bash "$ROOT/stack/airflow-supervise.sh"
}

airflow_health() { curl -fsS -o /dev/null --max-time 3 "http://$AQI_BIND:$AIRFLOW_PORT/api/v2/monitor/health"; }

airflow_stop() { stop_service airflow 60; }
