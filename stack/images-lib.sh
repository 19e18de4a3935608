# What stack/images.sh (the tasks image) and stack/service-images.sh (the compose stack's
# images) share: the engine to build on, image facts, the host's extra CA for the builds.
# shellcheck shell=bash

use_engine() {
  [[ -f "$DOCKER_UNAVAILABLE_MARK" ]] && die "no Docker engine: $(cat "$DOCKER_UNAVAILABLE_MARK")"
  DOCKER_HOST="$(docker_engine_host)"
  export DOCKER_HOST
  engine_answers "$DOCKER_HOST" || die "no Docker engine answers at $DOCKER_HOST: start it with 'make up SERVICES=docker' (or start your own and set DOCKER_HOST)"
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
size_mb() { docker image inspect -f '{{.Size}}' "$1" | awk '{ printf "%.0f", $1 / 1000000 }'; }

# The CA the host's npm trusts (a TLS-inspecting proxy's, say), for npm ci in the build
# stages: docker/build-ca/README.md. Empty when the host trusts only the public CAs.
stage_build_ca() {
  local ca target="$ROOT/docker/build-ca/extra-ca.pem"
  ca="$(npm config get cafile 2>/dev/null || true)"
  [[ -z "$ca" || "$ca" == null || "$ca" == undefined ]] && ca="${NODE_EXTRA_CA_CERTS:-}"
  if [[ -n "$ca" && -s "$ca" ]]; then
    cp "$ca" "$target.tmp" && mv "$target.tmp" "$target"
  else
    : >"$target"
  fi
}

