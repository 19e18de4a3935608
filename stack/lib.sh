# Shared helpers for the local (no-Docker) stack. Sourced by stack/stack.sh, stack/setup.sh
# and stack/services/*.sh; never executed on its own.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR="$ROOT/var"
CACHE="$VAR/cache"
DATA="$VAR/data"
LOGS="$VAR/logs"
RUN="$VAR/run"

# Ports: stack/stack.env holds the documented defaults, stack/stack.local.env (ignored)
# may override them, and a variable already set in the environment wins over both.
load_stack_env() {
  local file line key value
  for file in "$ROOT/stack/stack.env" "$ROOT/stack/stack.local.env"; do
    [[ -f "$file" ]] || continue
    while IFS= read -r line || [[ -n "$line" ]]; do
      [[ "$line" =~ ^([A-Z_][A-Z0-9_]*)=(.*)$ ]] || continue
      key="${BASH_REMATCH[1]}"
      value="${BASH_REMATCH[2]}"
      if [[ -z "${!key+x}" || "${STACK_ENV_SEEN:-}" == *" $key "* ]]; then
        printf -v "$key" '%s' "$value"
        export "${key?}"
        STACK_ENV_SEEN="${STACK_ENV_SEEN:- } $key "
      fi
    done <"$file"
  done
}
load_stack_env

mkdir -p "$CACHE" "$DATA" "$LOGS" "$RUN"

say() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }

pidfile() { printf '%s/%s.pid' "$RUN" "$1"; }

# True while the process runs. A killed process stays a zombie until its parent reaps it
# (about a second here) and kill -0 still succeeds on it: that counts as dead.
pid_alive() {
  kill -0 "$1" 2>/dev/null && [[ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ]]
}

# The pid recorded by `up` if that process is still alive, else nothing.
live_pid() {
  local file pid
  file="$(pidfile "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ -n "$pid" ]] && pid_alive "$pid" || return 1
  printf '%s' "$pid"
}

# Dies on a name that is not in the known list (a string of names), naming the kind.
check_known() {
  local kind="$1" known="$2" name
  shift 2
  for name in "$@"; do
    [[ " $known " == *" $name "* ]] || die "unknown $kind '$name' (known: $known)"
  done
}

# Reports a start-up time and appends it to var/logs/startup-times.log.
record_startup() {
  local name="$1" ms="$2"
  say "$name up in $((ms / 1000)).$((ms % 1000 / 100)) s"
  printf '%s %s %s\n' "$(date -u +%FT%TZ)" "$name" "$ms" >>"$LOGS/startup-times.log"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Starts a command detached from the terminal, records its pid, and appends its output to
# var/logs/<name>.log. setsid gives it its own process group so `down` can stop children too.
spawn_service() {
  local name="$1"; shift
  local log="$LOGS/$name.log"
  printf '\n===== %s start %s =====\n' "$name" "$(date -u +%FT%TZ)" >>"$log"
  setsid nohup "$@" >>"$log" 2>&1 </dev/null &
  echo $! >"$(pidfile "$name")"
}

# True when the service log, since the latest start marker, contains the pattern.
log_since_start() {
  local log="$LOGS/$1.log"
  [[ -f "$log" ]] || return 1
  awk -v start="===== $1 start" -v pat="$2" 'index($0, start) { hit = 0 } index($0, pat) { hit = 1 } END { exit !hit }' "$log"
}

# Waits until `check` succeeds; on timeout prints the tail of the service log and fails.
wait_healthy() {
  local name="$1" timeout="$2" check="$3" log="${4:-$LOGS/$1.log}"
  local deadline=$((SECONDS + timeout))
  until "$check" >/dev/null 2>&1; do
    if ! live_pid "$name" >/dev/null && [[ -f "$(pidfile "$name")" ]]; then
      say "$name exited during start-up; last lines of $log:"
      tail -n 40 "$log" >&2 || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      say "$name not healthy after ${timeout}s; last lines of $log:"
      tail -n 40 "$log" >&2 || true
      return 1
    fi
    sleep 1
  done
}

# Stops the process group recorded in the pid file: a polite signal (TERM unless told
# otherwise), then KILL after a grace period.
stop_service() {
  local name="$1" grace="${2:-30}" signal="${3:-TERM}" pid i
  if ! pid="$(live_pid "$name")"; then
    rm -f "$(pidfile "$name")"
    return 0
  fi
  kill "-$signal" -- "-$pid" 2>/dev/null || kill "-$signal" "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 2; i++)); do
    pid_alive "$pid" || break
    sleep 0.5
  done
  if pid_alive "$pid"; then
    say "$name did not stop within ${grace}s; killing"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  stop_stragglers "$name" "$pid"
  rm -f "$(pidfile "$name")"
}

# Members of a stopped service's process group that outlived its leader: Airflow's
# LocalExecutor workers once stayed behind their scheduler (reparented to init, ignoring
# TERM) after CI's `make down`. Called only for a group whose leader this stop saw alive,
# so the group id cannot have been reused by something else.
stop_stragglers() {
  local name="$1" group="$2" i
  group_alive "$group" || return 0
  say "$name left processes behind its leader; stopping them"
  kill -TERM -- "-$group" 2>/dev/null || true
  for ((i = 0; i < 10; i++)); do
    group_alive "$group" || return 0
    sleep 0.5
  done
  kill -KILL -- "-$group" 2>/dev/null || true
}

# True while a process group has a member that is not a zombie (see pid_alive).
group_alive() {
  ps -o stat= -g "$1" 2>/dev/null | grep -qv '^Z'
}

# Resident memory of a service's whole process group, in MiB.
rss_mib() {
  local pid
  pid="$(live_pid "$1")" || { printf -- '-'; return; }
  ps -eo pgid=,rss= | awk -v g="$pid" '$1 == g { s += $2 } END { printf "%d", s / 1024 }'
}

# Java classpath of every jar in a directory.
jar_classpath() { find "$1" -maxdepth 1 -name '*.jar' | sort | paste -sd: -; }

# A java binary of at least the given major version: $JAVA<major>_HOME, else the default
# java, else a JDK under /usr/lib/jvm (this machine image ships Temurin 25 beside OpenJDK 17).
java_at_least() {
  local want="$1" candidate major home_var="JAVA${1}_HOME"
  for candidate in ${!home_var:+"${!home_var}/bin/java"} "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    [[ -x "$candidate" ]] || continue
    major="$("$candidate" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2 }')"
    if [[ "$major" =~ ^[0-9]+$ ]] && ((major >= want)); then
      printf '%s' "$candidate"
      return 0
    fi
  done
  return 1
}

sha_of() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }
