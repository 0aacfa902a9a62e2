#!/usr/bin/env bash
# Stops the dockerd that deploy/docker/ensure-engine.sh started (and only that one: the pid in
# its pid file, checked to still be a dockerd), so a test run can leave the machine as it found
# it. Does nothing when ensure-engine.sh started no engine. Images and volumes stay on disk.
#
#   PAAS_DOCKERD_PIDFILE  default /var/run/paas-dockerd.pid (the same as ensure-engine.sh)
#   PAAS_DOCKERD_STOP_WAIT default 60 (seconds before SIGKILL)
set -euo pipefail

pidfile=${PAAS_DOCKERD_PIDFILE:-/var/run/paas-dockerd.pid}
wait_s=${PAAS_DOCKERD_STOP_WAIT:-60}

if [ ! -s "$pidfile" ]; then
  echo "stop-engine: no pid file $pidfile; no engine started by ensure-engine.sh, nothing to stop"
  exit 0
fi
pid=$(cat "$pidfile")
if [ "$pid" = systemd ]; then
  # ensure-engine.sh started the engine as systemd's docker.service.
  systemctl stop docker.service docker.socket 2>/dev/null || systemctl stop docker.service
  rm -f "$pidfile"
  echo "stop-engine: stopped docker.service"
  exit 0
fi
case "$pid" in ''|*[!0-9]*) echo "stop-engine: $pidfile does not hold a pid ('$pid')" >&2; exit 1 ;; esac
if ! kill -0 "$pid" 2>/dev/null || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != dockerd ]; then
  rm -f "$pidfile"
  echo "stop-engine: pid $pid from $pidfile is not a running dockerd (any more); removed the stale pid file"
  exit 0
fi

# SIGTERM: dockerd stops its containers and its own containerd, then exits.
kill -TERM "$pid"
for _ in $(seq 1 $((wait_s * 2))); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
if kill -0 "$pid" 2>/dev/null; then
  echo "stop-engine: dockerd pid $pid still running after ${wait_s}s; sending SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
  sleep 1
fi
rm -f "$pidfile"
echo "stop-engine: stopped dockerd pid $pid"
