#!/usr/bin/env bash
# `make setup`: installs whatever is missing for the local stack and the tests, and nothing
# else. Each step is skipped when a stamp under var/cache/stamps matches the hash of its
# inputs, so a second run on a set-up machine takes seconds. Safe to rerun after a failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STAMPS="$CACHE/stamps"
mkdir -p "$STAMPS"
# chromium: the dashboard's browser tests drive Debian's build through playwright-core.
# mmdebstrap: `make image` builds the images' Debian root filesystem from Debian's packages.
APT_PACKAGES=(postgresql postgresql-client maven openjdk-17-jdk-headless python3-venv curl procps util-linux ca-certificates git make chromium mmdebstrap)
# docker-compose validates docker-compose.yml (`docker-compose config`) and runs the compose stack.
APT_OPTIONAL=(docker-compose)

step() { say "setup: $*"; }

# Runs a noisy installer with its output in var/logs/setup.log, shown only when it fails.
logged() {
  local log="$LOGS/setup.log"
  printf '\n===== %s: %s\n' "$(date -u +%FT%TZ)" "$*" >>"$log"
  "$@" >>"$log" 2>&1 || { tail -n 40 "$log" >&2; die "failed: $*"; }
}
stamp_ok() { [[ -f "$STAMPS/$1" && "$(cat "$STAMPS/$1")" == "$2" ]]; }
stamp_write() { printf '%s' "$2" >"$STAMPS/$1"; }

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi
}

apt_missing() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
  done
}

setup_apt() {
  local missing optional pkg
  mapfile -t missing < <(apt_missing "${APT_PACKAGES[@]}")
  mapfile -t optional < <(apt_missing "${APT_OPTIONAL[@]}")
  [[ ${#missing[@]} -eq 0 && ( ${#optional[@]} -eq 0 || -f "$STAMPS/apt-optional-unavailable" ) ]] && return 0
  step "apt-get install ${missing[*]} ${optional[*]}"
  logged as_root apt-get update
  [[ ${#missing[@]} -eq 0 ]] ||
    logged as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  for pkg in "${optional[@]}"; do
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$pkg" >>"$LOGS/setup.log" 2>&1 ||
      { say "setup: optional package $pkg is not available; skipping"; touch "$STAMPS/apt-optional-unavailable"; }
  done
}

# Debian's docker.io (dockerd, containerd, runc) when no Docker engine answers. Its
# package scripts would start the system's dockerd with a default bridge (docker0, a
# private-range network): a policy-rc.d that refuses every start keeps them from it, and
# the stack starts its own engine without a bridge (stack/services/docker.sh).
setup_docker() {
  source "$ROOT/stack/services/docker.sh"
  command -v dockerd >/dev/null && return 0
  [[ "$(docker_engine_host)" != "unix://$DOCKER_OWN_SOCKET" ]] && return 0
  step "no Docker engine answers: apt-get install docker.io"
  local policy=/usr/sbin/policy-rc.d added=""
  if [[ ! -e "$policy" ]]; then
    as_root sh -c "printf '#!/bin/sh\\nexit 101\\n' >$policy && chmod 755 $policy"
    added=yes
  fi
  as_root apt-get update >>"$LOGS/setup.log" 2>&1 || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io >>"$LOGS/setup.log" 2>&1 ||
    say "setup: docker.io could not be installed (see var/logs/setup.log); the DAG will use the local runner"
  [[ -z "$added" ]] || as_root rm -f "$policy"
}

setup_java21() {
  java_at_least 21 >/dev/null && return 0
  step "Apicurio needs Java 21+: trying Debian's openjdk-21"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-21-jre-headless ||
    die "no Java 21+ found: install one and set JAVA21_HOME"
}

setup_node() {
  command -v node >/dev/null || die "Node.js 20 is required (see package.json engines)"
  local key
  key="$(node -v)-$(sha_of "$ROOT/package-lock.json")"
  stamp_ok npm "$key" && [[ -d "$ROOT/node_modules" ]] && return 0
  step "npm ci"
  logged npm ci --prefix "$ROOT" --no-audit --no-fund
  stamp_write npm "$key"
}

python_for_venv() {
  local py
  for py in python3.11 python3; do
    command -v "$py" >/dev/null && "$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' && { command -v "$py"; return; }
  done
  die "Python 3.11 is required for Airflow (airflow/constraints.txt was frozen with it)"
}

setup_venv() {
  local key
  key="$(sha_of "$ROOT/airflow/requirements.txt" "$ROOT/airflow/constraints.txt")"
  stamp_ok venv "$key" && [[ -x "$VAR/venv/bin/airflow" ]] && return 0
  step "Python venv with Airflow (var/venv)"
  [[ -x "$VAR/venv/bin/python" ]] || "$(python_for_venv)" -m venv "$VAR/venv"
  logged "$VAR/venv/bin/pip" install --disable-pip-version-check \
    -r "$ROOT/airflow/requirements.txt" -c "$ROOT/airflow/constraints.txt"
  stamp_write venv "$key"
}

# Resolves a pom's runtime dependencies into var/cache/<name>/lib, replacing it atomically.
setup_maven_libs() {
  local name="$1" pom="$ROOT/stack/maven/$1/pom.xml" key
  key="$(sha_of "$pom")"
  stamp_ok "$name" "$key" && [[ -d "$CACHE/$name/lib" ]] && return 0
  step "$name jars from Maven Central"
  rm -rf "$CACHE/$name/lib.new"
  logged mvn -B -Dstyle.color=never -f "$pom" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$CACHE/$name/lib.new"
  rm -rf "$CACHE/$name/lib"
  mv "$CACHE/$name/lib.new" "$CACHE/$name/lib"
  stamp_write "$name" "$key"
}

setup_registry() {
  local pom="$ROOT/stack/maven/registry/pom.xml" key version dist
  key="$(sha_of "$pom")"
  version="$(sed -n 's:.*<apicurio.version>\(.*\)</apicurio.version>.*:\1:p' "$pom")"
  stamp_ok registry "$key" && [[ -f "$CACHE/registry/app-$version/quarkus-run.jar" ]] && return 0
  step "Apicurio Registry $version from Maven Central"
  logged mvn -B -Dstyle.color=never -f "$pom" dependency:copy -DoutputDirectory="$CACHE/registry/dist"
  dist="$CACHE/registry/dist/apicurio-registry-app-$version-all.tar.gz"
  rm -rf "$CACHE/registry/app-$version.new"
  mkdir -p "$CACHE/registry/app-$version.new"
  tar xzf "$dist" -C "$CACHE/registry/app-$version.new"
  rm -rf "$CACHE/registry/app-$version"
  mv "$CACHE/registry/app-$version.new" "$CACHE/registry/app-$version"
  rm -f "$dist"
  stamp_write registry "$key"
}

t0=$SECONDS
setup_apt
setup_docker
setup_java21
setup_node
setup_venv
setup_maven_libs kafka
setup_maven_libs cassandra
setup_registry
say "setup complete in $((SECONDS - t0)) s"
