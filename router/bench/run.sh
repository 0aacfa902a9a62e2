#!/usr/bin/env bash
# Throughput and latency of the paas router next to nginx, both as keep-alive reverse proxies in
# front of the same backend (nginx-light answering a small static body), measured with wrk.
#
#   router/bench/run.sh                      # 5 rounds of 10 s per proxy and mode (below)
#   DURATION=30s CONNECTIONS="64" MODES=http router/bench/run.sh
#   ROUTER_JAVA_OPTS="-XX:+UseParallelGC" PROXY_THREADS=1 router/bench/run.sh
#   ROUTER_TARGET=/tmp/router-target-before router/bench/run.sh   # classes of another build
#
# Needs wrk and nginx-light (installed with apt when missing and run as root) and a JDK 21+
# (found by bin/java-home). Builds the router's classes with ./mvnw, starts everything it needs
# in a temporary directory, and stops and removes all of it on exit.
#
# A manual tool, never part of the test suite: it needs minutes of both cores to itself. It
# refuses to run when CI is set (as CI runs do) unless BENCH_IN_CI=1.
#
# Modes (MODES, default "http https https-new"):
#   http       plain HTTP keep-alive, at each of CONNECTIONS (default "64 1000")
#   https      TLS keep-alive at HTTPS_CONNECTIONS (default 64): nginx with TLS vs the router's TLS port
#   https-new  a new TLS connection per request (wrk -H 'Connection: close'): handshakes per second
# Both TLS sides present the same ECDSA P-256 certificate and are held to TLS 1.3 with
# TLS_AES_128_GCM_SHA256 (nginx by its config; the router by TLS_CIPHERS_JAVA_OPTS, below); no
# session resumption on either (wrk does not resume, and nginx's cache and tickets are off).
# The TLS modes need a router build with a TLS port; without one they measure nginx alone.
#
# The router JVM gets paasd's options (deploy/jvm.options) and a fixed 512 MiB heap;
# ROUTER_JAVA_OPTS adds flags after those.
set -euo pipefail

if [ -n "${CI:-}" ] && [ "${BENCH_IN_CI:-}" != 1 ]; then
  echo "bench: not run in CI (a benchmark needs the machine to itself); set BENCH_IN_CI=1 to force" >&2
  exit 0
fi

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
duration=${DURATION:-10s}
warmup=${WARMUP:-10s}
rounds=${ROUNDS:-5}
connections=${CONNECTIONS:-"64 1000"}
https_connections=${HTTPS_CONNECTIONS:-64}
modes=${MODES:-"http https https-new"}
# Holds the router's JDK TLS to nginx's suite; a router on OpenSSL (netty-tcnative) is held by its own config.
tls_java_opts=${TLS_CIPHERS_JAVA_OPTS:-"-Djdk.tls.server.protocols=TLSv1.3 -Djdk.tls.server.cipherSuites=TLS_AES_128_GCM_SHA256"}
wrk_threads=${WRK_THREADS:-2}
proxy_threads=${PROXY_THREADS:-2}
router_java_opts=${ROUTER_JAVA_OPTS:-}
for tool in python3 awk openssl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed" >&2; exit 1; }
done

work=$(mktemp -d /tmp/paas-router-bench.XXXXXX)
pids=()
cleanup() {
  for pid in ${pids[@]+"${pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
  for pid in ${pids[@]+"${pids[@]}"}; do wait "$pid" 2>/dev/null || true; done
  grep -h "router stopped" "$work/router.log" 2>/dev/null || true
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

install_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "bench: ${missing[*]} missing; run as root or: apt-get install -y wrk nginx-light" >&2
    exit 1
  fi
  echo "bench: installing ${missing[*]}"
  # The package would start its own nginx service; this script runs private instances only.
  local guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && guard=1
  fi
  local status=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; } \
    || { [[ " ${missing[*]} " == *" nginx-light "* ]] \
         && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]/nginx-light/nginx}" >/dev/null; } \
    || status=$?
  if [ "$status" -eq 0 ] && ! { command -v wrk >/dev/null && [ -x /usr/sbin/nginx ]; }; then
    status=1
  fi
  [ "$status" -eq 0 ] || echo "bench: could not install ${missing[*]}" >&2
  [ -n "$guard" ] && rm -f /usr/sbin/policy-rc.d
  return $status
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: nothing listens on port $1; see $work" >&2
  exit 1
}

nginx_conf() { # NAME WORKERS SERVER_BLOCK
  mkdir -p "$work/$1"
  cat > "$work/$1/nginx.conf" <<CONF
worker_processes $2;
pid $work/$1/nginx.pid;
error_log $work/$1/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  default_type text/plain;
  keepalive_requests 1000000;
  client_body_temp_path $work/$1/body;
  proxy_temp_path $work/$1/proxy;
  fastcgi_temp_path $work/$1/fastcgi;
  uwsgi_temp_path $work/$1/uwsgi;
  scgi_temp_path $work/$1/scgi;
  $3
}
CONF
}

start_nginx() { # NAME PORT
  /usr/sbin/nginx -p "$work/$1" -c "$work/$1/nginx.conf" -g 'daemon off;' &
  pids+=($!)
  wait_for_port "$2"
}

nginx_processes() { # NAME -> the master and its workers
  local master
  master=$(cat "$work/$1/nginx.pid")
  echo "$master" $(pgrep -P "$master" || true)
}

to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else { print "?" } }'
}

cpu_ticks() { # PID... -> user+system clock ticks of those processes (and their threads) so far
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

run_wrk() { # NAME URL CONNECTIONS DURATION CONNECTION_HEADER PID... -> prints "rps p50ms p99ms cpu_us_per_request errors"
  local out="$work/wrk-$1-$3.txt" name=$1 url=$2 conns=$3 dur=$4 connection=$5
  shift 5
  local t0 t1 extra=()
  [ -n "$connection" ] && extra=(-H "Connection: $connection")
  t0=$(cpu_ticks "$@")
  wrk -t"$wrk_threads" -c"$conns" -d"$dur" --latency -H "Host: bench.bench.local" ${extra[@]+"${extra[@]}"} "$url" > "$out" 2>&1 || true
  t1=$(cpu_ticks "$@")
  local rps p50 p99 cpu errors requests
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  requests=$(awk '/requests in/ {print $1}' "$out")
  if [ -z "$rps" ] || [ -z "$requests" ] || [ "$requests" = 0 ]; then
    echo "bench: wrk against $name failed; its output:" >&2
    cat "$out" >&2
    exit 1
  fi
  cpu=$(awk -v t="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  errors=$(awk '/Non-2xx|Socket errors/ {gsub(/^ +/, ""); printf "%s; ", $0}' "$out")
  echo "$rps $p50 $p99 $cpu ${errors:-none}"
}

install_tools
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

backend_port=$(free_port)
nginx_port=$(free_port)
nginx_tls_port=$(free_port)
router_port=$(free_port)
router_tls_port=$(free_port)

# One certificate for both TLS sides: ECDSA P-256, as the router's ACME certificates are.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=bench.bench.local \
  -addext "subjectAltName=DNS:bench.bench.local,DNS:*.bench.local,IP:127.0.0.1" \
  -keyout "$work/key.pem" -out "$work/cert.pem" >/dev/null 2>&1

nginx_conf backend 1 "server { listen 127.0.0.1:$backend_port backlog=4096; location / { return 200 \"hello from the backend\"; } }"
nginx_conf proxy "$proxy_threads" "upstream dynos { server 127.0.0.1:$backend_port; keepalive 1024; }
  server {
    listen 127.0.0.1:$nginx_port backlog=4096;
    listen 127.0.0.1:$nginx_tls_port ssl backlog=4096;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    ssl_protocols TLSv1.3;
    ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256;
    ssl_session_cache off;
    ssl_session_tickets off;
    location / {
      proxy_pass http://dynos;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Request-Id \$request_id;
    }
  }"
start_nginx backend "$backend_port"
start_nginx proxy "$nginx_port"

echo "bench: building the router"
export JAVA_HOME=${JAVA_HOME_FOR_BENCH:-$("$root/bin/java-home")}
(cd "$root" && ./mvnw -B -q -pl router test-compile dependency:build-classpath \
  -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test >/dev/null)
# ROUTER_TARGET: another build's target directory (a saved copy of router/target), for before/after runs.
router_target=${ROUTER_TARGET:-$root/router/target}
# ROUTER_CLASSPATH: that build's dependencies, when they differ from this one's (another Netty, say).
classpath="$router_target/classes:$router_target/test-classes:${ROUTER_CLASSPATH:-$(cat "$work/classpath.txt")}"
"$JAVA_HOME/bin/java" @"$root/deploy/jvm.options" -Xms512m -Xmx512m $tls_java_opts $router_java_opts \
  -cp "$classpath" paas.router.bench.BenchRouter "$router_port" "$backend_port" "$proxy_threads" \
  "$router_tls_port" "$work/cert.pem" "$work/key.pem" \
  > "$work/router.log" 2>&1 &
router_pid=$!
pids+=($router_pid)
wait_for_port "$router_port"
head -1 "$work/router.log"
echo "bench: router JVM options: those of paasd (deploy/jvm.options), -Xms512m -Xmx512m $router_java_opts"
read -r -a nginx_pids <<<"$(nginx_processes proxy)"

echo "bench: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg);" \
  "wrk -t$wrk_threads, $duration per run after a $warmup warm-up; proxies get $proxy_threads threads/workers"
router_has_tls=false
grep -q "tls=$router_tls_port" "$work/router.log" && router_has_tls=true

print_row() { # MODE CONNS PROXY ROUND "rps p50 p99 cpu errors"
  local rps p50 p99 cpu err
  read -r rps p50 p99 cpu err <<<"$5"
  printf '%-9s %-6s %-6s %5s %12s %9s %9s %11s  %s\n' "$1" "$2" "$3" "$4" "$rps" "$p50" "$p99" "$cpu" "$err"
}

# Warm-up, then alternating rounds of one mode at one connection count; medians and ratios at the end.
bench() { # MODE CONNECTIONS ROUTER_URL NGINX_URL CONNECTION_HEADER
  local mode=$1 c=$2 router_url=$3 nginx_url=$4 header=$5 r n rounds_file="$work/rounds-$1-$2.txt"
  # Each assignment on its own line, so that set -e stops the script when a wrk run failed.
  if [ -n "$router_url" ]; then r=$(run_wrk router "$router_url" "$c" "$warmup" "$header" "$router_pid"); fi
  n=$(run_wrk nginx "$nginx_url" "$c" "$warmup" "$header" "${nginx_pids[@]}")
  : > "$rounds_file"
  for round in $(seq 1 "$rounds"); do
    r="0 0 0 0 none"
    # Alternate who goes first, so a slow spell of the shared machine does not always hit the same proxy.
    if [ $((round % 2)) -eq 1 ]; then
      if [ -n "$router_url" ]; then r=$(run_wrk router "$router_url" "$c" "$duration" "$header" "$router_pid"); fi
      n=$(run_wrk nginx "$nginx_url" "$c" "$duration" "$header" "${nginx_pids[@]}")
    else
      n=$(run_wrk nginx "$nginx_url" "$c" "$duration" "$header" "${nginx_pids[@]}")
      if [ -n "$router_url" ]; then r=$(run_wrk router "$router_url" "$c" "$duration" "$header" "$router_pid"); fi
    fi
    if [ -n "$router_url" ]; then print_row "$mode" "$c" paas "$round" "$r"; fi
    print_row "$mode" "$c" nginx "$round" "$n"
    echo "$(cut -d' ' -f1,3,4 <<<"$r") $(cut -d' ' -f1,3,4 <<<"$n")" >> "$rounds_file"
  done
  # Medians over the rounds of each figure and of each round's paas/nginx comparison.
  python3 - "$mode" "$c" "$rounds_file" <<'PY'
import statistics, sys
mode, conns, path = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [list(map(float, line.split())) for line in open(path) if line.strip()]
med = lambda xs: statistics.median(xs)
col = lambda i: [r[i] for r in rows]
tag = f"{mode:<9} {conns:<6}"
if med(col(0)) > 0:
    print(f"{tag} median paas  {med(col(0)):12.0f} req/s  p99 {med(col(1)):7.2f} ms  cpu {med(col(2)):4.0f} us/req")
print(f"{tag} median nginx {med(col(3)):12.0f} req/s  p99 {med(col(4)):7.2f} ms  cpu {med(col(5)):4.0f} us/req")
if med(col(0)) > 0:
    ratios = [r[0] / r[3] for r in rows]
    # Both ways of putting the rounds together: they differ when the machine's load swings between rounds.
    print(f"{tag} ratio  throughput paas/nginx = {med(ratios):.2f} (median of the rounds' ratios), "
          f"{med(col(0)) / med(col(3)):.2f} (ratio of the medians); rounds' ratios from {min(ratios):.2f} to {max(ratios):.2f}")
    print(f"{tag} ratio  p99 paas - nginx = {med([r[1] - r[4] for r in rows]):+.2f} ms (median of the rounds' differences), "
          f"{med(col(1)) - med(col(4)):+.2f} ms (difference of the medians)")
PY
}

printf '%-9s %-6s %-6s %5s %12s %9s %9s %11s  %s\n' mode conns proxy round req/s p50_ms p99_ms cpu_us/req errors
for mode in $modes; do
  case $mode in
    http)
      for c in $connections; do
        bench http "$c" "http://127.0.0.1:$router_port/" "http://127.0.0.1:$nginx_port/" ""
      done ;;
    https|https-new)
      router_url=""
      if [ "$router_has_tls" = true ]; then
        router_url="https://127.0.0.1:$router_tls_port/"
      else
        echo "bench: $mode: this router build has no TLS port ($(head -1 "$work/router.log" | sed 's/.*tls=//')); nginx alone"
      fi
      header=""
      [ "$mode" = https-new ] && header=close
      bench "$mode" "$https_connections" "$router_url" "https://127.0.0.1:$nginx_tls_port/" "$header" ;;
    *) echo "bench: unknown mode $mode (http, https, https-new)" >&2; exit 1 ;;
  esac
done
