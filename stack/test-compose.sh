#!/usr/bin/env bash
# `make test-compose`: tests/compose with the project's venv (pytest, psycopg2). The compose
# stack it starts has a project and ports of its own, so the local stack may stay up; it
# needs the stack's Docker engine (make up SERVICES=docker) and builds the images first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/stack/services/docker.sh"
[[ -x "$VAR/venv/bin/python" ]] || die "no Python venv in var/venv: run 'make setup'"
DOCKER_HOST="$(docker_engine_host)"
export DOCKER_HOST
engine_answers "$DOCKER_HOST" || die "no Docker engine answers at $DOCKER_HOST: make up SERVICES=docker"
cd "$ROOT"
exec "$VAR/venv/bin/python" -m pytest -q -s -p no:cacheprovider tests/compose "$@"
