#!/usr/bin/env bash
# paas build driver: the buildpack API v2 (bin/detect, bin/compile, bin/release) inside the
# build container. DockerBuildRunner lays out:
#   /app                      BUILD_DIR: the pushed source, .slugignore already applied
#   /tmp/cache                CACHE_DIR: the app's build cache (a volume kept between builds)
#   /tmp/env                  ENV_DIR: one file per config var (not exported)
#   /tmp/paas/buildpacks/N    the buildpacks, N = 1, 2, ...
#   /tmp/paas/buildpacks.txt  one line per buildpack: "N SPEC"
#   /tmp/paas/mode            "detect": the first buildpack that detects builds the app;
#                             "all": every buildpack must detect, all compile in order
# and reads back /tmp/paas/out: buildpack (N of the last one run), release.yml, error.
# Exit codes: 0 ok, 10 nothing detected, 11 a chosen buildpack did not detect,
#             12 bin/compile failed, 13 bin/release failed, 14 bad layout.
set -uo pipefail
exec 2>&1

BUILD_DIR=/app
CACHE_DIR=/tmp/cache
ENV_DIR=/tmp/env
PAAS=/tmp/paas
OUT=$PAAS/out

fail() {
  local code=$1; shift
  printf '%s\n' "$*" > "$OUT/error"
  printf ' !     %s\n' "$*"
  exit "$code"
}

mkdir -p "$OUT" "$ENV_DIR" || { echo " !     cannot create $OUT"; exit 14; }
export HOME=${HOME:-/tmp/home}
mkdir -p "$HOME" || fail 14 "cannot create HOME ($HOME)"
if ! { mkdir -p "$CACHE_DIR" 2>/dev/null && [ -w "$CACHE_DIR" ]; }; then
  echo " !     The build cache ($CACHE_DIR) is not writable by $(id -un 2>/dev/null || id -u); building without a cache"
  CACHE_DIR=$(mktemp -d /tmp/cache.XXXXXX)
fi

mode=$(cat "$PAAS/mode" 2>/dev/null) || fail 14 "missing $PAAS/mode"
mapfile -t entries < "$PAAS/buildpacks.txt" || fail 14 "missing $PAAS/buildpacks.txt"
[ ${#entries[@]} -gt 0 ] || fail 14 "no buildpacks to run"

# Prints the detected name (first line, printable characters, at most 100) or fails.
detect() {
  local dir=$1 show_errors=$2 out
  if [ "$show_errors" = yes ]; then
    out=$("$dir/bin/detect" "$BUILD_DIR" < /dev/null) || return 1
  else
    out=$("$dir/bin/detect" "$BUILD_DIR" < /dev/null 2>/dev/null) || return 1
  fi
  printf '%s\n' "$out" | head -n 1 | tr -cd '[:print:]' | cut -c 1-100
}

chmod -R u+rwX,go+rX "$PAAS/buildpacks" 2>/dev/null || true

selected=()
names=()
specs=()
if [ "$mode" = detect ]; then
  tried=()
  for entry in "${entries[@]}"; do
    n=${entry%% *}; spec=${entry#* }
    tried+=("$spec")
    if name=$(detect "$PAAS/buildpacks/$n" no); then
      selected=("$n"); names=("${name:-$spec}"); specs=("$spec")
      break
    fi
  done
  if [ ${#selected[@]} -eq 0 ]; then
    list=$(IFS=,; echo "${tried[*]}" | sed 's/,/, /g')
    fail 10 "No buildpack recognised this app (tried: $list). Add a package.json (Node.js), a pom.xml (Java with Maven), a requirements.txt or pyproject.toml (Python), a go.mod (Go), an index.html (static site) or a Procfile, or choose a buildpack with 'paas buildpacks:set'."
  fi
else
  for entry in "${entries[@]}"; do
    n=${entry%% *}; spec=${entry#* }
    if name=$(detect "$PAAS/buildpacks/$n" yes); then
      selected+=("$n"); names+=("${name:-$spec}"); specs+=("$spec")
    else
      fail 11 "App not compatible with buildpack '$spec': its bin/detect did not recognise the app."
    fi
  done
fi

echo "-----> Building on the ${STACK:-paas} stack"
cd "$BUILD_DIR" || fail 14 "cannot enter $BUILD_DIR"
for i in "${!selected[@]}"; do
  dir=$PAAS/buildpacks/${selected[$i]}
  echo "-----> ${names[$i]} app detected"
  "$dir/bin/compile" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR" < /dev/null
  rc=$?
  if [ $rc -ne 0 ]; then
    fail 12 "Build failed: buildpack '${specs[$i]}' (bin/compile) exited with status $rc; see the output above."
  fi
  if [ -f "$dir/export" ]; then
    set +u
    # shellcheck disable=SC1090,SC1091
    . "$dir/export"
    set -u
  fi
  cd "$BUILD_DIR" || fail 14 "cannot enter $BUILD_DIR"
done

last=${selected[$((${#selected[@]} - 1))]}
printf '%s\n' "$last" > "$OUT/buildpack"
if [ -x "$PAAS/buildpacks/$last/bin/release" ]; then
  "$PAAS/buildpacks/$last/bin/release" "$BUILD_DIR" > "$OUT/release.yml" < /dev/null
  rc=$?
  [ $rc -eq 0 ] || fail 13 "Build failed: buildpack '${specs[$(( ${#specs[@]} - 1 ))]}' (bin/release) exited with status $rc."
else
  : > "$OUT/release.yml"
fi
exit 0
