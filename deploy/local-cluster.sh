#!/usr/bin/env bash
# A fanfetch cluster of N nodes on this machine (loopback only), for trying clustering out.
#
#   deploy/local-cluster.sh 3        # start 3 nodes (same as: start 3), wait until each is ready
#   deploy/local-cluster.sh status   # list the nodes: pid, alive, HTTP port, ready
#   deploy/local-cluster.sh stop     # stop them (TERM, then KILL after STOP_TIMEOUT seconds)
#
# Node K (1..N) serves HTTP on 127.0.0.1:$((HTTP_BASE_PORT + K - 1)) (8080, 8081, ...); Hazelcast
# takes 5701, 5702, ... (auto-increment from conf/cluster.xml), the event bus any free port.
# Logs and PID files go to deploy/run/ (git-ignored): node-K.log, node-K.pid.
#
# It builds nothing: it runs target/fanfetch.jar (mvn -B -q package -DskipTests).
# Every FANFETCH_* variable of the environment reaches the nodes, e.g.
#   FANFETCH_GUARD_ALLOW=127.0.0.1:18080 deploy/local-cluster.sh 3
# The cluster name is FANFETCH_CLUSTER_NAME (default fanfetch-local), the members
# FANFETCH_CLUSTER_MEMBERS (default 127.0.0.1).
#
# Knobs (environment): JAVA (default: java), JAVA_OPTS (extra JVM options, e.g. -Xmx512m),
# JAR, RUN_DIR, HTTP_BASE_PORT (8080), READY_TIMEOUT (120 s for all nodes), STOP_TIMEOUT (20 s).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA:-java}"
JAR="${JAR:-$ROOT/target/fanfetch.jar}"
RUN_DIR="${RUN_DIR:-$ROOT/deploy/run}"
HTTP_BASE_PORT="${HTTP_BASE_PORT:-8080}"
READY_TIMEOUT="${READY_TIMEOUT:-120}"
STOP_TIMEOUT="${STOP_TIMEOUT:-20}"
MAX_NODES=20 # conf/cluster.xml: port-count="20"

# What Hazelcast needs on Java 17 (the same flags as deploy/fanfetch.env and deploy/Containerfile).
JAVA_FLAGS=(
  --add-modules java.se
  --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.management/sun.management=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
)

usage() {
  cat <<EOF
usage: $(basename "$0") N | start N | stop | status
  N        start N clustered nodes on loopback (1..$MAX_NODES), HTTP ports $HTTP_BASE_PORT..
  stop     stop the nodes started here (TERM, then KILL after ${STOP_TIMEOUT}s)
  status   list the nodes: pid, alive, HTTP URL, ready
EOF
}

die() {
  echo "local-cluster: $*" >&2
  exit 2
}

http_host() {
  # Where to reach a node's HTTP API: its bind address, or loopback when it binds every interface.
  case "${FANFETCH_HTTP_HOST:-127.0.0.1}" in
    0.0.0.0 | "::" | "[::]") echo 127.0.0.1 ;;
    *) echo "${FANFETCH_HTTP_HOST:-127.0.0.1}" ;;
  esac
}

# http_status HOST PORT PATH: prints the HTTP status code, or 000 when nothing answers.
http_status() {
  local host=$1 port=$2 path=$3 code
  if command -v curl >/dev/null 2>&1; then
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$host:$port$path" 2>/dev/null) || true
    echo "${code:-000}"
    return
  fi
  # No curl: a bare HTTP/1.0 request through bash's /dev/tcp (the inner script expands its own $0..).
  # shellcheck disable=SC2016
  code=$(timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$2" "$0" >&3
    read -r _ status _ <&3 && echo "$status"' "$host" "$port" "$path" 2>/dev/null) || true
  echo "${code:-000}"
}

port_in_use() {
  # shellcheck disable=SC2016
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# pid_of K: the PID recorded for node K, if that process is still a fanfetch node.
pid_of() {
  local file="$RUN_DIR/node-$1.pid" pid
  [ -f "$file" ] || return 1
  pid=$(<"$file")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a recycled PID: the process must be running the jar.
  if [ -r "/proc/$pid/cmdline" ] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'fanfetch'; then
    return 1
  fi
  echo "$pid"
}

# The node numbers that have a PID file, in order.
nodes() {
  local f
  shopt -s nullglob
  for f in "$RUN_DIR"/node-*.pid; do
    f=${f##*/node-}
    echo "${f%.pid}"
  done | sort -n
  shopt -u nullglob
}

start() {
  local n=$1 k pid port host
  if ! [[ "$n" =~ ^[0-9]+$ ]] || [ "$n" -lt 1 ] || [ "$n" -gt "$MAX_NODES" ]; then
    die "the number of nodes must be between 1 and $MAX_NODES, got '$n'"
  fi
  if [ ! -f "$JAR" ]; then
    echo "local-cluster: $JAR is missing; build it first:" >&2
    echo "  (cd $ROOT && mvn -B -q package -DskipTests)" >&2
    exit 2
  fi
  command -v "$JAVA" >/dev/null 2>&1 || die "no '$JAVA' on the PATH (Java 17 is needed)"
  for k in $(nodes); do
    if pid=$(pid_of "$k"); then
      die "node $k is already running (pid $pid); run '$0 stop' first"
    fi
  done
  host=$(http_host)
  for ((k = 1; k <= n; k++)); do
    port=$((HTTP_BASE_PORT + k - 1))
    if port_in_use "$host" "$port"; then
      die "port $port on $host is already in use (HTTP of node $k); stop what listens there or set HTTP_BASE_PORT"
    fi
  done

  # Jobs of many URLs need many sockets: take the hard limit.
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true
  mkdir -p "$RUN_DIR"
  rm -f "$RUN_DIR"/node-*.pid

  # Relative paths (conf/config.json, conf/cluster.xml) are read from the project folder.
  cd "$ROOT"
  local cluster_name="${FANFETCH_CLUSTER_NAME:-fanfetch-local}"
  local members="${FANFETCH_CLUSTER_MEMBERS:-127.0.0.1}"
  # JAVA_OPTS is word-split on purpose: several options in one variable.
  # shellcheck disable=SC2086
  for ((k = 1; k <= n; k++)); do
    port=$((HTTP_BASE_PORT + k - 1))
    FANFETCH_HTTP_PORT=$port \
      FANFETCH_CLUSTER_NAME=$cluster_name \
      FANFETCH_CLUSTER_MEMBERS=$members \
      FANFETCH_CLUSTER_HOST="${FANFETCH_CLUSTER_HOST:-127.0.0.1}" \
      nohup "$JAVA" "${JAVA_FLAGS[@]}" ${JAVA_OPTS:-} -jar "$JAR" serve --cluster \
      </dev/null >"$RUN_DIR/node-$k.log" 2>&1 &
    echo $! >"$RUN_DIR/node-$k.pid"
    echo "node $k: pid $!, http://$host:$port/, log $RUN_DIR/node-$k.log"
  done
  echo "cluster '$cluster_name' (members $members, ulimit -n $(ulimit -n)): waiting up to ${READY_TIMEOUT}s for /health/ready"

  local deadline=$((SECONDS + READY_TIMEOUT)) ready failed=0
  for ((k = 1; k <= n; k++)); do
    port=$((HTTP_BASE_PORT + k - 1))
    ready=0
    while [ "$SECONDS" -lt "$deadline" ]; do
      # kill -0, not pid_of: just forked, the process may not have exec'd java yet.
      if ! kill -0 "$(<"$RUN_DIR/node-$k.pid")" 2>/dev/null; then
        echo "node $k exited; the end of $RUN_DIR/node-$k.log:" >&2
        tail -n 20 "$RUN_DIR/node-$k.log" >&2 || true
        break
      fi
      if [ "$(http_status "$host" "$port" /health/ready)" = 200 ]; then
        ready=1
        break
      fi
      sleep 0.5
    done
    if [ "$ready" = 1 ]; then
      echo "node $k ready: http://$host:$port/"
    else
      failed=1
      kill -0 "$(<"$RUN_DIR/node-$k.pid")" 2>/dev/null && echo "node $k not ready after ${READY_TIMEOUT}s (see $RUN_DIR/node-$k.log)" >&2
    fi
  done
  if [ "$failed" = 1 ]; then
    echo "local-cluster: not every node became ready; '$0 status' shows them, '$0 stop' stops them" >&2
    exit 1
  fi
  echo
  echo "all $n nodes ready:"
  for ((k = 1; k <= n; k++)); do
    echo "  http://$host:$((HTTP_BASE_PORT + k - 1))/"
  done
  echo "stop them with: $0 stop"
}

stop() {
  local k pid pids=() left
  for k in $(nodes); do
    if pid=$(pid_of "$k"); then
      kill -TERM "$pid" 2>/dev/null && pids+=("$pid") && echo "node $k: TERM sent to pid $pid"
    fi
  done
  if [ "${#pids[@]}" -eq 0 ]; then
    echo "no node is running"
    rm -f "$RUN_DIR"/node-*.pid
    return 0
  fi
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while :; do
    left=()
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null && left+=("$pid")
    done
    [ "${#left[@]}" -eq 0 ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      for pid in "${left[@]}"; do
        echo "pid $pid still running after ${STOP_TIMEOUT}s: KILL"
        kill -KILL "$pid" 2>/dev/null || true
      done
      break
    fi
    sleep 0.5
  done
  rm -f "$RUN_DIR"/node-*.pid
  echo "stopped ${#pids[@]} node(s); logs stay in $RUN_DIR"
}

status() {
  local k pid port host any=0 state ready
  host=$(http_host)
  printf '%-5s %-8s %-8s %-28s %s\n' NODE PID STATE URL READY
  for k in $(nodes); do
    any=1
    port=$((HTTP_BASE_PORT + k - 1))
    if pid=$(pid_of "$k"); then
      state=running
      ready=$(http_status "$host" "$port" /health/ready)
      [ "$ready" = 200 ] && ready=yes || ready="no ($ready)"
    else
      pid=$(cat "$RUN_DIR/node-$k.pid" 2>/dev/null || echo -)
      state=gone
      ready=-
    fi
    printf '%-5s %-8s %-8s %-28s %s\n' "$k" "$pid" "$state" "http://$host:$port/" "$ready"
  done
  [ "$any" = 1 ] || echo "(no nodes; start some with: $0 3)"
}

case "${1:-}" in
  stop) stop ;;
  status) status ;;
  start) [ $# -eq 2 ] || { usage >&2; exit 2; }; start "$2" ;;
  -h | --help | help) usage ;;
  "") usage >&2; exit 2 ;;
  *) [ $# -eq 1 ] || { usage >&2; exit 2; }; start "$1" ;;
esac
