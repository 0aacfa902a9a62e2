#!/usr/bin/env bash
# Makes sure a Docker engine answers on this host, and that debootstrap (which the stack build
# needs) is installed. Idempotent: when `docker info` already succeeds it changes nothing.
#
# Otherwise, as root: installs Debian's docker.io (and debootstrap) when missing, starts dockerd
# in the background (on a host booted with systemd: docker.service, so the engine never lives in
# the cgroup of the service that ran this script), records its pid (or "systemd") in
# $PAAS_DOCKERD_PIDFILE so deploy/docker/stop-engine.sh can stop exactly that daemon later, and
# waits up to $PAAS_DOCKERD_WAIT seconds for it to answer.
# Prints one status line on stdout; exits non-zero with the reason on stderr.
#
#   PAAS_DOCKERD_PIDFILE  default /var/run/paas-dockerd.pid
#   PAAS_DOCKERD_LOG      default /var/log/paas-dockerd.log
#   PAAS_DOCKERD_WAIT     default 60 (seconds)
set -euo pipefail

pidfile=${PAAS_DOCKERD_PIDFILE:-/var/run/paas-dockerd.pid}
logfile=${PAAS_DOCKERD_LOG:-/var/log/paas-dockerd.log}
wait_s=${PAAS_DOCKERD_WAIT:-60}
socket=/var/run/docker.sock

die() { echo "ensure-engine: $*" >&2; exit 1; }
engine_version() { docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null; }

missing=()
command -v dockerd >/dev/null 2>&1 || [ -x /usr/sbin/dockerd ] || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || die "${missing[*]} not installed: run 'sudo apt-get install -y ${missing[*]}' (or run this script as root)"
  command -v apt-get >/dev/null 2>&1 \
    || die "${missing[*]} not installed and this host has no apt-get: install Docker's engine and debootstrap with its package manager, then run deploy/docker/ensure-engine.sh again"
  echo "ensure-engine: installing ${missing[*]} from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Wait for another apt/dpkg run (a concurrent CI step) instead of failing on its lock.
  apt_opts=(-o DPkg::Lock::Timeout=600)
  apt_log=$(mktemp /tmp/paas-ensure-engine-apt.XXXXXX)
  if ! { apt-get "${apt_opts[@]}" update -qq && apt-get "${apt_opts[@]}" install -y -qq "${missing[@]}"; } >"$apt_log" 2>&1; then
    tail -n 30 "$apt_log" >&2; rm -f "$apt_log"
    die "installing ${missing[*]} failed (apt output above); check /etc/apt/sources.list(.d) and the network"
  fi
  rm -f "$apt_log"
fi
# docker.io brings /usr/bin/docker; a newer client elsewhere on PATH works against it too.
command -v docker >/dev/null 2>&1 || die "no docker client on PATH (expected /usr/bin/docker from docker.io)"

if docker info >/dev/null 2>&1; then
  how="already running"
  if [ "$(cat "$pidfile" 2>/dev/null)" = systemd ]; then how="running, started earlier by ensure-engine.sh as docker.service"
  elif [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then how="running, started earlier by ensure-engine.sh (pid $(cat "$pidfile"))"; fi
  echo "docker engine $(engine_version): $how"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "docker engine not reachable and starting dockerd needs root: run this script as root (or 'sudo dockerd')"

# A dockerd that exists but does not answer yet (just started by someone else): wait for it
# rather than starting a second one on the same data root.
if pgrep -x dockerd >/dev/null 2>&1; then
  echo "ensure-engine: a dockerd (pid $(pgrep -x dockerd | tr '\n' ' '| sed 's/ $//')) is running but not answering yet; waiting" >&2
elif [ -d /run/systemd/system ] && systemctl cat docker.service >/dev/null 2>&1; then
  # Under systemd the engine is its own service. Started from here with setsid it would stay in
  # the caller's cgroup: paasd.service's, which systemd kills whole when paasd stops or is
  # upgraded, taking every dyno and add-on down with it.
  systemctl start docker.service || die "systemctl start docker.service failed: see 'journalctl -u docker.service'"
  echo systemd > "$pidfile"
  echo "ensure-engine: started docker.service (systemd)" >&2
else
  mkdir -p "$(dirname "$logfile")" "$(dirname "$pidfile")"
  # setsid: the daemon outlives this script and the caller's terminal or CI step.
  setsid /usr/sbin/dockerd >>"$logfile" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  echo "ensure-engine: started dockerd pid $(cat "$pidfile"), log $logfile" >&2
fi

for _ in $(seq 1 $((wait_s * 2))); do
  if [ -S "$socket" ] && docker info >/dev/null 2>&1; then
    echo "docker engine $(engine_version): started (pid $(cat "$pidfile" 2>/dev/null || echo '?'), log $logfile, pid file $pidfile)"
    exit 0
  fi
  if [ -s "$pidfile" ] && [ "$(cat "$pidfile")" != systemd ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    rm -f "$pidfile"
    die "dockerd exited during start; last lines of $logfile:
$(tail -n 20 "$logfile")"
  fi
  sleep 0.5
done
die "dockerd did not answer on $socket within ${wait_s}s; see $logfile"
