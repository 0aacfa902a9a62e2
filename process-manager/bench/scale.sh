#!/usr/bin/env bash
# Scale benchmark (not a test): how long `paas scale web=10` takes from 0 until ten web dynos
# answer HTTP, next to starting ten bare containers of the same image with `docker run` until
# each answers. Both in one run, on the same engine; prints seconds and the ratio.
#
#   process-manager/bench/scale.sh [rounds]      # default 3 rounds, medians reported
#
# Needs: bin/build done, a Docker engine (deploy/docker/ensure-engine.sh) and the stack images
# (deploy/stack/build.sh). Starts its own paasd on free ports with a throwaway data dir and
# removes everything it made (its containers, images and data dir) at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-3}
count=10

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

work=$(mktemp -d /tmp/paas-scale-bench.XXXXXX)
api_port=$(free_port)
router_port=$(free_port)
token="scale-bench-token-$(date +%s)-0123456789"
api="http://127.0.0.1:$api_port"
paasd_pid=
bare=()
cleanup() {
  if [ ${#bare[@]} -gt 0 ]; then docker rm -f "${bare[@]}" >/dev/null 2>&1 || true; fi
  if [ -n "$paasd_pid" ]; then
    curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $token" "$api/apps/scalebench" || true
    sleep 5
    kill "$paasd_pid" 2>/dev/null || true
    wait "$paasd_pid" 2>/dev/null || true
  fi
  docker ps -aq --filter "label=paas.app=scalebench" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker images -q --filter "label=paas.app=scalebench" | xargs -r docker rmi -f >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "==> starting paasd (data in $work)"
PAAS_DATA_DIR="$work/data" PAAS_API_HOST=127.0.0.1 PAAS_API_PORT=$api_port PAAS_ROUTER_PORT=$router_port \
  PAAS_ADMIN_TOKEN=$token PAAS_RUNTIME=docker PAAS_STOP_GRACE_SECONDS=2 "$root/bin/paasd" >"$work/paasd.log" 2>&1 &
paasd_pid=$!
for _ in $(seq 1 120); do curl -sf "$api/health" >/dev/null && break; sleep 0.5; done

call() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
dynos_up() {
  call "$api/apps/scalebench/dynos" | python3 -c 'import sys,json; print(sum(1 for d in json.load(sys.stdin) if d["state"]=="up" and d["type"]=="web"))'
}
dynos_any() {
  call "$api/apps/scalebench/dynos" | python3 -c 'import sys,json; print(len(json.load(sys.stdin)))'
}

echo "==> pushing a small web app"
mkdir -p "$work/app" && cd "$work/app"
cat > Procfile <<'EOF'
web: python3 -m http.server $PORT
EOF
echo "<h1>scale bench</h1>" > index.html
git init -q -b main && git add . && git -c user.name=b -c user.email=b@example.com commit -qm bench
call -X POST -d '{"name":"scalebench"}' "$api/apps" >/dev/null
git -c credential.helper= push -q "http://bench:$token@127.0.0.1:$api_port/scalebench.git" main 2>"$work/push.log" || { cat "$work/push.log"; exit 1; }
for _ in $(seq 1 120); do [ "$(dynos_up)" = 1 ] && break; sleep 0.5; done
image=$(docker ps --filter "label=paas.app=scalebench" --format '{{.Image}}' | head -n 1)
[ -n "$image" ] || { echo "no dyno of the pushed app is running" >&2; tail -20 "$work/paasd.log" >&2; exit 1; }

answers() { curl -s -o /dev/null -m 1 "http://127.0.0.1:$1/" ; }

platform_round() {
  call -X PATCH -d '{"updates":[{"type":"web","quantity":0}]}' "$api/apps/scalebench/formation" >/dev/null
  for _ in $(seq 1 300); do [ "$(dynos_any)" = 0 ] && break; sleep 0.2; done
  local t0 t1
  t0=$(now)
  call -X PATCH -d "{\"updates\":[{\"type\":\"web\",\"quantity\":$count}]}" "$api/apps/scalebench/formation" >/dev/null
  until [ "$(dynos_up)" = "$count" ]; do sleep 0.05; done
  # "up" means each answered on PORT; check HTTP on every published port as the bare side does.
  for port in $(docker ps --filter "label=paas.app=scalebench" --format '{{.Ports}}' | sed -n 's/.*:\([0-9]*\)->.*/\1/p'); do
    until answers "$port"; do sleep 0.05; done
  done
  t1=$(now)
  python3 -c "print($t1 - $t0)"
}

bare_round() {
  local t0 t1 ids=() ports=()
  t0=$(now)
  for i in $(seq 1 $count); do
    ids+=("$(docker run -d --label paas.app=scalebench -e PORT=5000 -p 127.0.0.1::5000 -w /app "$image" \
      bash -c 'python3 -m http.server $PORT')")
  done
  bare=("${ids[@]}")
  for id in "${ids[@]}"; do ports+=("$(docker port "$id" 5000/tcp | head -n 1 | sed 's/.*://')"); done
  for port in "${ports[@]}"; do until answers "$port"; do sleep 0.05; done; done
  t1=$(now)
  docker rm -f "${ids[@]}" >/dev/null
  bare=()
  python3 -c "print($t1 - $t0)"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

plat=()
raw=()
for r in $(seq 1 "$rounds"); do
  p=$(platform_round)
  b=$(bare_round)
  plat+=("$p")
  raw+=("$b")
  printf 'round %d: paas scale web=%d %.2f s, %d bare containers %.2f s\n' "$r" "$count" "$p" "$count" "$b"
done
pm=$(printf '%s\n' "${plat[@]}" | median)
bm=$(printf '%s\n' "${raw[@]}" | median)
printf '\nmedian of %d rounds: paas scale web=%d %.2f s | %d bare docker run %.2f s | ratio %.2fx\n' \
  "$rounds" "$count" "$pm" "$count" "$bm" "$(python3 -c "print($pm / $bm)")"
