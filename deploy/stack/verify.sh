#!/usr/bin/env bash
# shellcheck disable=SC2016  # the checks are bash scripts for the containers: their $… expand there
# Proves the stack images do their job, against the real network: in the build image, as u1000,
# node, npm and Maven reach the npm registry and Maven Central through the intercepting proxy
# and the toolchains answer; in the run image the runtimes answer, trust the same CAs, carry no
# npm/Maven/compiler, and do not run as root. Every check runs; the failing ones are named and
# the exit status is non-zero if any failed.
#
# usage: deploy/stack/verify.sh [BUILD_IMAGE [RUN_IMAGE]]
#        (default paas/stack-build:latest and paas/stack-run:latest, as deploy/stack/build.sh tags them)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

build_img=${1:-$IMAGE_BUILD:latest}
run_img=${2:-$IMAGE_RUN:latest}
require_engine
for img in "$build_img" "$run_img"; do
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

if [ ${#failed[@]} -gt 0 ]; then
  die "verify: ${#failed[@]} check(s) failed: $(printf '%s; ' "${failed[@]}" | sed 's/; $//')"
fi
say "verify: all $passed checks passed"
