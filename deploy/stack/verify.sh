#!/usr/bin/env bash
# shellcheck disable=SC2016  # the checks are bash scripts for the containers: their $… expand there
# Proves the stack images do their job, against the real network: in the build image, as u1000,
# node, npm and Maven reach the npm registry and Maven Central through the intercepting proxy
# and the toolchains answer; in the run image the runtimes answer, trust the same CAs, carry no
# npm/Maven/compiler, and do not run as root. And the add-on images: each service starts
# hardened (--user 999:999 --cap-drop ALL --security-opt no-new-privileges) on a fresh volume,
# refuses to start without a password, answers only with the password (clients in a second
# container on a user-defined network), keeps what it acknowledged across `docker kill -s KILL`
# and `docker start`, and its readiness probe passes only once it is ready (the time from
# `docker run` to that is printed: the floor of creating an add-on). Every check runs; the
# failing ones are named and the exit status is non-zero if any failed.
#
# usage: deploy/stack/verify.sh [--stack | --addons] [BUILD_IMAGE [RUN_IMAGE [POSTGRESQL_IMAGE [REDIS_IMAGE]]]]
#   --stack    only the build and run images (needs the network)
#   --addons   only the add-on images (no network beyond the engine)
#        images default to the :latest tags deploy/stack/build.sh makes
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

part=all
case "${1:-}" in
  --stack) part=stack; shift ;;
  --addons) part=addons; shift ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; 1d; s/^# \{0,1\}//'; exit 0 ;;
  -*) die "unknown option '$1' (usage: deploy/stack/verify.sh [--stack | --addons] [BUILD_IMAGE [RUN_IMAGE [POSTGRESQL_IMAGE [REDIS_IMAGE]]]])" ;;
esac
build_img=${1:-$IMAGE_BUILD:latest}
run_img=${2:-$IMAGE_RUN:latest}
pg_img=${3:-$IMAGE_ADDON_POSTGRESQL:latest}
redis_img=${4:-$IMAGE_ADDON_REDIS:latest}
require_engine
images=()
[ "$part" = addons ] || images+=("$build_img" "$run_img")
[ "$part" = stack ] || images+=("$pg_img" "$redis_img")
for img in "${images[@]}"; do
  image_exists "$img" || die "image $img not found: run deploy/stack/build.sh first"
done

passed=0
failed=()
# check NAME COMMAND...: runs it, prints "ok NAME: first line of output" or the failure's tail.
check() {
  local name=$1 out; shift
  if out=$("$@" 2>&1 | sed 's/\x1b\[[0-9;]*m//g'; exit "${PIPESTATUS[0]}"); then
    passed=$((passed + 1))
    printf '       ok    %s: %s\n' "$name" "$(grep -v '^[[:space:]]*$' <<<"$out" | head -n 1)"
  else
    failed+=("$name")
    printf '       FAIL  %s\n' "$name"
    tail -n 15 <<<"$out" | sed 's/^/               /'
  fi
}
# run_in IMAGE SCRIPT: runs SCRIPT with bash in a fresh container of IMAGE as its default user, with
# a new empty HOME (so ~/.m2 and ~/.npm start empty and nothing is reused between checks).
run_in() {
  local img=$1 script=$2
  docker run --rm "$img" bash -c 'set -euo pipefail; export HOME=$(mktemp -d); cd "$HOME"; '"$script"
}
# as_u1000 IMAGE SCRIPT: the same, explicitly as uid/gid 1000.
as_u1000() {
  local img=$1 script=$2
  docker run --rm --user 1000:1000 "$img" bash -c 'set -euo pipefail; export HOME=$(mktemp -d); cd "$HOME"; '"$script"
}
labels() {
  local img=$1 role=$2 stack recipe r
  stack=$(docker image inspect --format '{{index .Config.Labels "paas.stack"}}' "$img")
  recipe=$(docker image inspect --format '{{index .Config.Labels "paas.stack.recipe"}}' "$img")
  r=$(docker image inspect --format '{{index .Config.Labels "paas.stack.role"}}' "$img")
  if [ "$stack" != true ] || [ -z "$recipe" ] || [ "$r" != "$role" ]; then
    echo "labels: paas.stack='$stack' paas.stack.recipe='$recipe' paas.stack.role='$r'"; return 1
  fi
  echo "paas.stack=true paas.stack.recipe=$recipe paas.stack.role=$role"
}
https_get_node='node -e '\''
  const url = "https://registry.npmjs.org/";
  require("https").get(url, r => { console.log(url, "HTTP", r.statusCode); process.exit(r.statusCode === 200 ? 0 : 1); })
    .on("error", e => { console.error(url, e.code || "", e.message); process.exit(1); });'\'''
java_trusts_extras='
  n=0
  for c in /usr/local/share/ca-certificates/paas/*.crt; do
    [ -f "$c" ] || continue
    fp=$(openssl x509 -noout -fingerprint -sha256 -in "$c" | cut -d= -f2)
    keytool -list -cacerts -storepass changeit | grep -q "$fp" || { echo "missing from cacerts: $c $fp"; exit 1; }
    n=$((n + 1))
  done
  echo "$n extra CA certificate(s) in Java cacerts"'

verify_stack() {
  say "verifying the build image $build_img"
  check "labels" labels "$build_img" build
  check "default user is u1000" run_in "$build_img" '[ "$(id -un):$(id -u):$(id -g)" = u1000:1000:1000 ] && echo "$(id -un) uid=$(id -u) gid=$(id -g)"'
  check "/app /tmp/cache /tmp/env owned by u1000" run_in "$build_img" \
    'for d in /app /tmp/cache /tmp/env; do [ "$(stat -c %U "$d")" = u1000 ] || { stat -c "%n %U" "$d"; exit 1; }; done; echo yes'
  check "node HTTPS GET (u1000)" as_u1000 "$build_img" "$https_get_node"
  check "npm view is-number version (u1000)" as_u1000 "$build_img" 'v=$(npm view is-number version); echo "is-number $v"; [ -n "$v" ]'
  # Java takes user.home from the passwd entry (/app), not from $HOME: name the temp repository.
  check "mvn dependency:get junit:junit:4.13.2 (u1000, empty ~/.m2)" as_u1000 "$build_img" \
    'mvn -B -q -Dmaven.repo.local="$HOME/.m2/repository" dependency:get -Dartifact=junit:junit:4.13.2
     ls "$HOME"/.m2/repository/junit/junit/4.13.2/junit-4.13.2.jar'
  check "java -version" as_u1000 "$build_img" 'java -version 2>&1 | head -n 1; javac -version'
  check "go version, builds a program" as_u1000 "$build_img" 'go version && cd "$(mktemp -d)" && printf "package main\nfunc main() { println(\"go ok\") }\n" > main.go && GOCACHE=$PWD/.c go run main.go'
  check "python3 --version, venv" as_u1000 "$build_img" 'python3 --version && python3 -m venv venv && venv/bin/python -c "print(\"venv ok\")"'
  check "git --version" as_u1000 "$build_img" 'git --version'
  check "gcc compiles and links" as_u1000 "$build_img" \
    'printf "int main(void){return 0;}\n" | gcc -x c - -o a.out && ./a.out && gcc --version | head -n 1'
  check "curl HTTPS (system bundle)" as_u1000 "$build_img" \
    'u=https://repo.maven.apache.org/maven2/junit/junit/4.13.2/junit-4.13.2.pom; curl -sSf -o /dev/null -w "$u HTTP %{http_code}\n" "$u"'

  say "verifying the run image $run_img"
  check "labels" labels "$run_img" run
  check "default user is not root" run_in "$run_img" '[ "$(id -u)" != 0 ] && echo "$(id -un) uid=$(id -u)"'
  check "node -v" run_in "$run_img" 'node -v'
  check "java -version" run_in "$run_img" 'java -version 2>&1 | head -n 1'
  check "python3 -V" run_in "$run_img" 'python3 -V'
  check "gunicorn importable" run_in "$run_img" 'python3 -c "import gunicorn; print(\"gunicorn\", gunicorn.__version__)"'
  check "npm, npx, mvn, gcc, cc, javac absent" run_in "$run_img" \
    'found=""; for c in npm npx mvn gcc cc javac; do command -v "$c" >/dev/null && found="$found $c"; done; [ -z "$found" ] || { echo "present:$found"; exit 1; }; echo "none of them on PATH"'
  check "node HTTPS GET" run_in "$run_img" "$https_get_node"
  check "python3 HTTPS GET" run_in "$run_img" \
    'python3 -c "import urllib.request as u; r = u.urlopen(\"https://registry.npmjs.org/\"); print(\"https://registry.npmjs.org/ HTTP\", r.status)"'
  check "Java cacerts holds the extra CAs" run_in "$run_img" "$java_trusts_extras"
  check "Java cacerts holds the extra CAs (build image)" run_in "$build_img" "$java_trusts_extras"

  build_size=$(docker image inspect --format '{{.Size}}' "$build_img")
  run_size=$(docker image inspect --format '{{.Size}}' "$run_img")
  check "run image smaller than build image" bash -c \
    "[ $run_size -lt $build_size ] && echo 'run $((run_size / 1000000)) MB < build $((build_size / 1000000)) MB'"
}

# --- add-on images ----------------------------------------------------------------------------
# Everything the add-on checks make (containers, volumes, the network) carries this label and
# is removed at exit, whatever happened.
verify_id=paas-verify-$$
net=$verify_id
hardened=(--user 999:999 --cap-drop ALL --security-opt no-new-privileges)
# Every character a password might hold that a careless entrypoint would mangle.
password="p'w\"d \\ \$x %&; -- \`id\` secret"

addon_cleanup() {
  docker ps -aq --filter "label=paas.verify=$verify_id" | xargs -r docker rm -f -v >/dev/null 2>&1 || true
  docker volume ls -q --filter "label=paas.verify=$verify_id" | xargs -r docker volume rm >/dev/null 2>&1 || true
  docker network rm "$net" >/dev/null 2>&1 || true
}
seconds_since() { awk -v s="$1" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.2f", e - s }'; }

# addon_run NAME IMAGE ENV...: the service as the runtime runs it: hardened, on the network,
# its data on a new named volume.
addon_run() {
  local name=$1 img=$2 e envs=(); shift 2
  for e in "$@"; do envs+=(-e "$e"); done
  docker volume create --label "paas.verify=$verify_id" "$name" >/dev/null
  docker run -d --name "$name" --label "paas.verify=$verify_id" --network "$net" "${hardened[@]}" \
    -v "$name:/var/lib/paas-addon" "${envs[@]}" "$img" >/dev/null
}
# await_ready NAME T0 WHAT: polls paas-addon-ready every 0.1 s (up to 60 s), as the runtime
# does; prints the time since T0 and how many probes failed first.
await_ready() {
  local name=$1 t0=$2 what=$3 n=0
  until docker exec "$name" /usr/local/bin/paas-addon-ready >/dev/null 2>&1; do
    n=$((n + 1))
    if [ $((n % 10)) = 0 ] && { [ "$(docker inspect -f '{{.State.Running}}' "$name")" != true ] \
        || awk -v s="$t0" -v e="$EPOCHREALTIME" 'BEGIN { exit !(e - s > 60) }'; }; then
      docker logs --tail 15 "$name" 2>&1
      echo "not ready $(seconds_since "$t0") s after $what"
      return 1
    fi
    sleep 0.1
  done
  echo "ready $(seconds_since "$t0") s after $what ($n probe(s) failed before)"
}
# start_fresh NAME IMAGE ENV...: addon_run, then await_ready timed from the docker run.
start_fresh() {
  local t0=$EPOCHREALTIME
  addon_run "$@"
  await_ready "$1" "$t0" "docker run"
}
# kill_and_start NAME: SIGKILL to the container (tini, the service and all), then docker start.
kill_and_start() {
  local t0
  docker kill -s KILL "$1" >/dev/null
  docker wait "$1" >/dev/null
  t0=$EPOCHREALTIME
  docker start "$1" >/dev/null
  await_ready "$1" "$t0" "docker start"
}
addon_labels() {
  local img=$1 role=$2 kind=$3 k
  labels "$img" "$role" >/dev/null || { labels "$img" "$role"; return 1; }
  k=$(docker image inspect --format '{{index .Config.Labels "paas.addon-kind"}}' "$img")
  [ "$k" = "$kind" ] || { echo "paas.addon-kind='$k', expected '$kind'"; return 1; }
  echo "$(labels "$img" "$role") paas.addon-kind=$kind"
}
# image_shape IMAGE USER: user 999:999 (named USER in the image), tini running the entrypoint,
# the data volume owned by 999 and private.
image_shape() {
  local img=$1 user=$2 got
  got=$(docker image inspect --format '{{.Config.User}} {{json .Config.Entrypoint}} {{json .Config.Volumes}}' "$img")
  [ "$got" = '999:999 ["/usr/bin/tini","--","/usr/local/bin/paas-addon"] {"/var/lib/paas-addon":{}}' ] \
    || { echo "image config: $got"; return 1; }
  docker run --rm --entrypoint sh "$img" -c \
    "[ \"\$(id -un):\$(id -u):\$(id -g)\" = $user:999:999 ] && [ \"\$(stat -c '%u:%g %a' /var/lib/paas-addon)\" = '999:999 700' ] || { id; stat -c '%n %u:%g %a' /var/lib/paas-addon; exit 1; }"
  echo "$got, $user uid/gid 999, /var/lib/paas-addon 999:999 0700"
}
# versions IMAGE PATTERN COMMAND...: each command's version line matches PATTERN.
versions() {
  local img=$1 pattern=$2 out; shift 2
  out=$(docker run --rm --entrypoint sh "$img" -c "$(printf '%s --version && ' "$@") true" 2>&1) || { echo "$out"; return 1; }
  if grep -vq -- "$pattern" <<<"$out"; then echo "$out"; return 1; fi
  tr '\n' ';' <<<"$out" | sed 's/;$//; s/;/; /g'
}
# refuses IMAGE WHAT ENV...: a hardened start with ENV exits non-zero with one line on stderr
# naming WHAT.
refuses() {
  local img=$1 what=$2 e envs=() out rc=0; shift 2
  for e in "$@"; do envs+=(-e "$e"); done
  out=$(docker run --rm "${hardened[@]}" "${envs[@]}" "$img" 2>&1) || rc=$?
  if [ "$rc" = 0 ] || [ "$(grep -c . <<<"$out")" != 1 ] || ! grep -q -- "$what" <<<"$out"; then
    echo "exit $rc, output:"; echo "$out"; return 1
  fi
  echo "exit $rc: $out"
}
# volume_locked NAME IMAGE ENV...: a second container given the running service's volume
# refuses to start.
volume_locked() {
  local name=$1 img=$2 e envs=() out rc=0; shift 2
  for e in "$@"; do envs+=(-e "$e"); done
  out=$(docker run --rm "${hardened[@]}" -v "$name:/var/lib/paas-addon" "${envs[@]}" "$img" 2>&1) || rc=$?
  [ "$rc" != 0 ] && grep -q 'in use by another container' <<<"$out" || { echo "exit $rc:"; echo "$out"; return 1; }
  echo "exit $rc: $out"
}
# not_ready_while_down IMAGE ENV...: the readiness probe fails in a container whose service
# never started.
not_ready_while_down() {
  local img=$1 e envs=() rc=0; shift
  for e in "$@"; do envs+=(-e "$e"); done
  docker run --rm "${hardened[@]}" "${envs[@]}" --entrypoint /usr/local/bin/paas-addon-ready "$img" >/dev/null 2>&1 || rc=$?
  [ "$rc" != 0 ] || { echo "paas-addon-ready exited 0 with no service running"; return 1; }
  echo "paas-addon-ready exits $rc with no service running"
}
# clean_stop NAME: docker stop ends the service in time, with exit status 0.
clean_stop() {
  local t0=$EPOCHREALTIME code
  docker stop -t 20 "$1" >/dev/null
  code=$(docker inspect -f '{{.State.ExitCode}}' "$1")
  [ "$code" = 0 ] || { docker logs --tail 10 "$1" 2>&1; echo "exit status $code"; return 1; }
  echo "stopped in $(seconds_since "$t0") s, exit status 0"
}

pg=$verify_id-postgresql
pg_env=("PAAS_ADDON_PASSWORD=$password" PAAS_ADDON_USER=app_user PAAS_ADDON_DATABASE=app_db)
# psql_tcp PASSWORD USER SQL: psql from a second container of the image, over the network;
# PASSWORD "" sends none (-w: never prompt).
psql_tcp() {
  local pw=()
  [ -n "$1" ] && pw=(-e "PGPASSWORD=$1")
  docker run --rm --network "$net" "${pw[@]}" --entrypoint psql "$pg_img" \
    -w -h "$pg" -U "$2" -d app_db -v ON_ERROR_STOP=1 -Atc "$3"
}
psql_tcp_refused() {
  local out
  if out=$(psql_tcp "$1" "$2" 'SELECT 1' 2>&1); then echo "connected: $out"; return 1; fi
  grep -q -- "$3" <<<"$out" || { echo "$out"; return 1; }
  sed -n 's/.*failed: //p' <<<"$out" | head -n 1
}
psql_local() { docker exec "$pg" psql -v ON_ERROR_STOP=1 -Atc "$2" -d app_db -U "$1"; }
pg_settings() {
  local want='fsync=on full_page_writes=on listen_addresses=* max_connections=23 password_encryption=scram-sha-256 shared_buffers=4096 ssl=off superuser_reserved_connections=3 synchronous_commit=on' got
  got=$(psql_local postgres "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings
    WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'password_encryption', 'listen_addresses',
                   'max_connections', 'superuser_reserved_connections', 'shared_buffers', 'ssl')")
  [ "$got" = "$want" ] || { echo "got  $got"; echo "want $want"; return 1; }
  echo "$got (shared_buffers in 8 kB pages)"
}
# One session inserting a row a statement (autocommit) into a table, printing "INSERT 0 1" for
# each commit the server acknowledged; SIGKILL to the server's container mid-stream; after
# docker start every acknowledged row is there, and no row beyond them is half there.
pg_kill_mid_write() {
  local writer=$pg-writer acked=0 i present restarted
  psql_tcp "$password" app_user 'CREATE TABLE verify_rows (id int PRIMARY KEY)' >/dev/null
  docker run -d --name "$writer" --label "paas.verify=$verify_id" --network "$net" -e "PGPASSWORD=$password" \
    --entrypoint sh "$pg_img" -c "i=0; while [ \$i -lt 1000000 ]; do i=\$((i + 1)); echo \"INSERT INTO verify_rows VALUES (\$i);\"; done \
      | psql -w -h $pg -U app_user -d app_db" >/dev/null
  for i in $(seq 300); do
    acked=$(docker logs "$writer" 2>/dev/null | grep -c '^INSERT 0 1$' || true)
    [ "$acked" -ge 500 ] && break
    sleep 0.1
  done
  [ "$acked" -ge 500 ] || { docker logs --tail 5 "$writer" 2>&1; echo "the writer got only $acked rows in"; return 1; }
  restarted=$(kill_and_start "$pg") || { echo "$restarted"; return 1; }
  docker wait "$writer" >/dev/null
  acked=$(docker logs "$writer" 2>/dev/null | grep -c '^INSERT 0 1$' || true)
  present=$(psql_tcp "$password" app_user 'SELECT count(*) || $$ $$ || coalesce(max(id), 0) FROM verify_rows')
  read -r count max <<<"$present"
  if [ "$count" -lt "$acked" ] || [ "$count" != "$max" ]; then
    echo "acknowledged $acked, after the restart $count rows with ids up to $max"; return 1
  fi
  echo "$acked commits acknowledged before the kill, $count rows (ids 1..$max) after it; $restarted"
}

verify_postgresql() {
  say "verifying the PostgreSQL add-on image $pg_img"
  docker network create --label "paas.verify=$verify_id" "$net" >/dev/null
  trap addon_cleanup EXIT
  check "labels" addon_labels "$pg_img" addon-postgresql postgresql
  check "runs as postgres 999:999 under tini, VOLUME /var/lib/paas-addon" image_shape "$pg_img" postgres
  check "PostgreSQL 15 and its client tools" versions "$pg_img" ' 15\.' postgres psql pg_dump pg_restore pg_isready
  check "refuses to start without PAAS_ADDON_PASSWORD" refuses "$pg_img" PAAS_ADDON_PASSWORD PAAS_ADDON_USER=a PAAS_ADDON_DATABASE=b
  check "refuses PAAS_ADDON_MAX_CONNECTIONS=lots" refuses "$pg_img" PAAS_ADDON_MAX_CONNECTIONS "${pg_env[@]}" PAAS_ADDON_MAX_CONNECTIONS=lots
  check "refuses a user name that is not a plain SQL name" refuses "$pg_img" PAAS_ADDON_USER "${pg_env[@]}" 'PAAS_ADDON_USER=a"b'
  check "paas-addon-ready fails while the server is down" not_ready_while_down "$pg_img" "${pg_env[@]}"
  check "starts hardened on a fresh volume (first start)" start_fresh "$pg" "$pg_img" "${pg_env[@]}"
  check "a second container on the same volume refuses to start" volume_locked "$pg" "$pg_img" "${pg_env[@]}"
  check "TCP with the password works (second container)" psql_tcp "$password" app_user \
    'SELECT current_user || $$ on $$ || current_database() || $$, $$ || split_part(version(), $$ on $$, 1)'
  check "TCP without a password is refused" psql_tcp_refused "" app_user 'no password supplied'
  check "TCP with a wrong password is refused" psql_tcp_refused wrong app_user 'password authentication failed'
  check "TCP as the superuser is refused" psql_tcp_refused "$password" postgres 'password authentication failed'
  check "docker exec psql as postgres, no password" psql_local postgres 'SELECT $$superuser $$ || current_user || $$ over the socket$$'
  check "docker exec psql as the add-on's user, no password" psql_local app_user 'SELECT current_user || $$ over the socket$$'
  check "docker exec pg_dump" bash -c "docker exec $pg pg_dump -d app_db --schema-only | grep -c . | sed 's/$/ lines of schema dump/'"
  check "settings (plan limits, fsync, scram)" pg_settings
  check "docker kill -s KILL mid-write, docker start: acknowledged rows kept" pg_kill_mid_write
  check "the cluster was made once (not again at the restart)" bash -c \
    "n=\$(docker logs $pg 2>&1 | grep -c 'first start'); [ \$n = 1 ] && echo 'one first start in the log'"
  check "docker stop (SIGINT: fast shutdown)" clean_stop "$pg"
}

redis=$verify_id-redis
redis_env=("PAAS_ADDON_PASSWORD=$password" PAAS_ADDON_MAXMEMORY=64mb)
# rcli_tcp PASSWORD ARGS...: redis-cli from a second container of the image, over the
# network; PASSWORD "" sends none.
rcli_tcp() {
  local pw=$1; shift
  docker run --rm --network "$net" ${pw:+-e "REDISCLI_AUTH=$pw"} --entrypoint redis-cli "$redis_img" -h "$redis" "$@"
}
# redis-cli answers errors with exit status 0: compare the answer.
rcli_expect() {
  local want=$1 out; shift
  out=$(rcli_tcp "$@" 2>&1)
  grep -q -- "$want" <<<"$out" || { echo "$out"; return 1; }
  echo "$out"
}
rcli_local() { docker exec "$redis" sh -c 'REDISCLI_AUTH=$PAAS_ADDON_PASSWORD exec redis-cli "$@"' sh "$@"; }
redis_settings() {
  local want='appendfsync=everysec appendonly=yes dir=/var/lib/paas-addon maxclients=100 maxmemory=67108864 protected-mode=no requirepass=set save=' got
  got=$(rcli_local config get maxmemory maxclients appendonly appendfsync dir save protected-mode requirepass \
    | paste -d= - - | sed 's/^requirepass=.\{1,\}/requirepass=set/' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
  [ "$got" = "$want" ] || { echo "got  $got"; echo "want $want"; return 1; }
  echo "$got"
}
redis_secret_off_cmdlines() {
  local out
  out=$(docker exec "$redis" sh -c 'cat /proc/[0-9]*/cmdline | tr "\0" " "; echo; stat -c "%n %a %u" /tmp/paas-addon-redis.conf')
  if grep -qF "$password" <<<"$out"; then echo "the password shows in a command line"; return 1; fi
  grep -q '^/tmp/paas-addon-redis.conf 600 999$' <<<"$out" || { echo "$out"; return 1; }
  echo "no command line holds it; $(tail -n 1 <<<"$out")"
}
redis_aof() {
  [ "$(rcli_local set verify:aof written)" = OK ] || return 1
  sleep 1.2   # appendfsync everysec
  docker exec "$redis" sh -c 'grep -l "verify:aof" /var/lib/paas-addon/appendonlydir/*.aof && ls /var/lib/paas-addon/appendonlydir | tr "\n" " "'
}
redis_survives() {
  local how=$1 t0 got restarted
  [ "$(rcli_local set "verify:$how" kept)" = OK ] || return 1
  sleep 1.2   # appendfsync everysec
  if [ "$how" = restart ]; then
    t0=$EPOCHREALTIME
    docker restart "$redis" >/dev/null
    restarted=$(await_ready "$redis" "$t0" "docker restart") || { echo "$restarted"; return 1; }
  else
    restarted=$(kill_and_start "$redis") || { echo "$restarted"; return 1; }
  fi
  got=$(rcli_local get "verify:$how")
  [ "$got" = kept ] || { echo "GET verify:$how = '$got'"; return 1; }
  echo "GET verify:$how = kept; $restarted"
}

verify_redis() {
  say "verifying the Redis add-on image $redis_img"
  docker network inspect "$net" >/dev/null 2>&1 || docker network create --label "paas.verify=$verify_id" "$net" >/dev/null
  trap addon_cleanup EXIT
  check "labels" addon_labels "$redis_img" addon-redis redis
  check "runs as redis 999:999 under tini, VOLUME /var/lib/paas-addon" image_shape "$redis_img" redis
  check "Redis 7 and redis-cli" versions "$redis_img" '[ =]7\.' redis-server redis-cli
  check "refuses to start without PAAS_ADDON_PASSWORD" refuses "$redis_img" PAAS_ADDON_PASSWORD
  check "refuses PAAS_ADDON_MAXMEMORY=lots" refuses "$redis_img" PAAS_ADDON_MAXMEMORY "${redis_env[@]}" PAAS_ADDON_MAXMEMORY=lots
  check "paas-addon-ready fails while the server is down" not_ready_while_down "$redis_img" "${redis_env[@]}"
  check "starts hardened on a fresh volume" start_fresh "$redis" "$redis_img" "${redis_env[@]}"
  check "a second container on the same volume refuses to start" volume_locked "$redis" "$redis_img" "${redis_env[@]}"
  check "AUTH required (second container, no password)" rcli_expect NOAUTH "" ping
  check "a wrong password is refused" rcli_expect WRONGPASS wrong ping
  check "the password works" rcli_expect '^PONG$' "$password" ping
  check "paas-addon-ready fails with a wrong password" bash -c \
    "! docker exec -e PAAS_ADDON_PASSWORD=wrong $redis /usr/local/bin/paas-addon-ready && echo 'exit status non-zero'"
  check "the password is on no command line; config 0600" redis_secret_off_cmdlines
  check "settings (plan limits, AOF, no RDB)" redis_settings
  check "AOF written in /var/lib/paas-addon" redis_aof
  check "data survives docker restart" redis_survives restart
  check "data survives docker kill -s KILL, docker start" redis_survives kill
  check "docker stop" clean_stop "$redis"
}

[ "$part" = addons ] || verify_stack
if [ "$part" != stack ]; then
  verify_postgresql
  verify_redis
fi

if [ ${#failed[@]} -gt 0 ]; then
  die "verify: ${#failed[@]} check(s) failed: $(printf '%s; ' "${failed[@]}" | sed 's/; $//')"
fi
say "verify: all $passed checks passed"
