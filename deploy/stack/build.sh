#!/usr/bin/env bash
# Builds the stack images and the add-on service images from Debian's packages (no registry
# pull anywhere):
#   paas/stack-base:HASH        debootstrap --variant=minbase, imported with `docker import`
#   paas/stack-build:HASH       (and :latest) toolchains buildpacks run with
#   paas/stack-run:HASH         (and :latest) runtimes dynos run on
#   paas/addon-postgresql:HASH  (and :latest) the PostgreSQL add-on's service
#   paas/addon-redis:HASH       (and :latest) the Redis add-on's service
# Each HASH is the hash of the image's recipe: the files of its directory here (Dockerfile and
# what it copies), the shared scripts it copies, the extra CA certificates, the parent's hash,
# and for the base the debootstrap parameters, apt sources and base/mkbase.sh. An image whose
# hash is already tagged is not rebuilt, so a second run takes well under a second. See
# docs/stack.md.
#
# Output: "----->" lines for what happens, indented lines for details; when something is built,
# first "-----> N steps to build: ...", then every step numbered over the whole run as
# "       (K/N) IMAGE ..." (paasd counts these to show how far its preparation is).
#
# usage: deploy/stack/build.sh [--rebuild] [--prune]
#   --rebuild   build them all again from scratch (new debootstrap, no layer cache), e.g. to
#               take Debian's latest security updates; the tags then move to the new images
#   --prune     afterwards, remove the tags of older recipes of these images (their layers go
#               too unless a container or another image still uses them) and untagged layers
#               left by failed or replaced builds
#
# Environment:
#   PAAS_EXTRA_CA_DIR            ':'-separated directories (searched recursively for *.crt) or
#                                files; default /usr/local/share/ca-certificates; empty = none
#   PAAS_DEBIAN_MIRROR           default: the host's apt mirror for bookworm
#   PAAS_DEBIAN_SECURITY_MIRROR  default: the host's bookworm-security source; "none" = none
#   PAAS_STACK_VERBOSE=1         stream the full docker build output (default: steps only)
#   PAAS_STACK_LOG_DIR           where build logs go (default /tmp/paas-stack-logs)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

rebuild=no prune=no
for arg in "$@"; do
  case "$arg" in
    --rebuild) rebuild=yes ;;
    --prune) prune=yes ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$arg' (usage: deploy/stack/build.sh [--rebuild] [--prune])" ;;
  esac
done

started=$(date +%s.%N)
require_engine
resolve_mirrors
log_dir=${PAAS_STACK_LOG_DIR:-/tmp/paas-stack-logs}
mkdir -p "$log_dir"

# One build at a time on this host (two CI jobs, or a developer and a test run).
exec 9>"$log_dir/.lock"
if ! flock -n 9; then
  say "another deploy/stack/build.sh is running; waiting for it"
  flock -w 3600 9 || die "gave up waiting for the other stack build after an hour (lock $log_dir/.lock)"
fi

work=$(mktemp -d /tmp/paas-stack-ctx.XXXXXX)
trap 'rm -rf "$work"' EXIT

# --- recipes and their hashes -----------------------------------------------------------------
image_apt_sources >"$work/debian.sources"
base_hash=$(hash_tree "$stack_dir/base" "suite=$STACK_SUITE" "variant=$STACK_VARIANT" "arch=$STACK_ARCH" \
  "mirror=$STACK_MIRROR" "sources=$(cat "$work/debian.sources")")

collect_extra_cas "$work/certs"
printf 'Extra CA certificates baked into this image by deploy/stack/build.sh (one per file).\n' >"$work/certs/README"

# A build context in $work/ctx-ROLE: the files of deploy/stack/ROLE (the Dockerfile, and an
# add-on's entrypoint and readiness probe), the shared setup script, for an add-on the add-on
# library, and the certificates. (Few processes: an up-to-date run makes four of these.)
make_context() {
  local role=$1 ctx="$work/ctx-$1" f sources plain=() executable=()
  sources=("$stack_dir/common/stack-setup.sh" "$work/certs" "$stack_dir/$role"/*)
  [[ "$role" == addon-* ]] && sources+=("$stack_dir/common/addon-lib.sh")
  mkdir "$ctx"
  cp -r "${sources[@]}" "$ctx/"
  # Modes as the images need them, whatever the checkout's or the caller's umask: the role's
  # files executable where they are in the repository, everything else readable.
  executable=("$ctx/stack-setup.sh" "$ctx/certs")
  plain=("$ctx"/certs/*)
  for f in "${sources[@]:2}"; do
    if [ -x "$f" ]; then executable+=("$ctx/${f##*/}"); else plain+=("$ctx/${f##*/}"); fi
  done
  chmod 755 "${executable[@]}"
  chmod 644 "${plain[@]}"
}
declare -A hash_of
for role in "${STACK_CHILDREN[@]}"; do
  make_context "$role"
  hash_of[$role]=$(hash_tree "$work/ctx-$role" "base=$IMAGE_BASE:$base_hash")
done

# --- building ---------------------------------------------------------------------------------
elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1fs", e - s }'; }
size_of() { docker image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1000000 }'; }

# Progress is counted over the whole run: "(K/N)" in front of each step, N being every step of
# this run (debootstrap for the base, then each instruction of each image built), so a reader
# such as paasd can show how far the preparation is. STEP_DONE counts the steps finished.
STEP_DONE=0 STEP_TOTAL=0
step() { STEP_DONE=$((STEP_DONE + 1)); info "($STEP_DONE/$STEP_TOTAL) $*"; }
# The steps of ROLE's docker build: its instructions (continuation and comment lines are not
# steps) plus one per --label, which the legacy builder runs as steps of their own.
steps_of() {
  local n
  n=$(awk 'cont { if ($0 !~ /^[ \t]*#/) cont = /\\[ \t]*$/; next }
    /^[ \t]*(#|$)/ { next }
    { n++; cont = /\\[ \t]*$/ }
    END { print n + 0 }' "$stack_dir/$1/Dockerfile")
  echo $((n + LABEL_STEPS))
}
LABEL_STEPS=4   # the --label flags of build_image below

# Shows the "Step n/m" lines, numbered over the run as "(K/N) ROLE Step n/m : ..." (or everything
# with PAAS_STACK_VERBOSE=1); the full output is in LOG.
show_progress() {
  awk -v done="$STEP_DONE" -v total="$STEP_TOTAL" -v role="$1" -v verbose="${PAAS_STACK_VERBOSE:-}" '
    /^Step [0-9]+\/[0-9]+ :/ {
      split($2, nm, "/"); k = done + nm[1]; if (k > total) k = total
      print "       (" k "/" total ") " role " " $0; fflush(); next
    }
    verbose == "1" { print "       " $0; fflush() }'
}

build_base() {
  local tag="$IMAGE_BASE:$base_hash" log t0
  log="$log_dir/${tag//[\/:]/_}.log"
  [ "$(id -u)" -eq 0 ] || die "building $tag runs debootstrap, which needs root: run deploy/stack/build.sh as root"
  command -v debootstrap >/dev/null 2>&1 \
    || die "debootstrap not installed: run deploy/docker/ensure-engine.sh (installs it) or apt-get install -y debootstrap"
  say "building stack-base ($tag): debootstrap --variant=$STACK_VARIANT $STACK_SUITE from $STACK_MIRROR"
  info "log: $log"
  step "stack-base debootstrap --variant=$STACK_VARIANT $STACK_SUITE"
  t0=$(date +%s.%N)
  : >"$log"
  "$stack_dir/base/mkbase.sh" "$tag" "$base_hash" "$STACK_SUITE" "$STACK_ARCH" "$STACK_MIRROR" \
    "$work/debian.sources" "$log" || die "building $tag failed (log: $log)"
  info "done in $(elapsed "$t0"), $(size_of "$tag")"
}

build_image() {
  local role=$1 hash=${hash_of[$1]} ctx="$work/ctx-$1" image tag log t0 cache=()
  image=$(image_of "$role")
  tag="$image:$hash"
  log="$log_dir/${tag//[\/:]/_}.log"
  [ "$rebuild" = yes ] && cache=(--no-cache)
  say "building ${image##*/} ($tag) from $IMAGE_BASE:$base_hash, $EXTRA_CA_COUNT extra CA certificate(s)"
  info "log: $log"
  t0=$(date +%s.%N)
  if ! docker build "${cache[@]}" --rm --force-rm \
      --build-arg "BASE=$IMAGE_BASE:$base_hash" \
      --label paas.stack=true --label "paas.stack.recipe=$hash" --label "paas.stack.role=$role" \
      --label "paas.stack.suite=$STACK_SUITE" \
      -t "$tag" "$ctx" 2>&1 | tee "$log" | show_progress "${image##*/}"; then
    tail -n 25 "$log" | sed 's/^/       /' >&2
    die "building $tag failed (full log: $log)"
  fi
  STEP_DONE=$((STEP_DONE + $(steps_of "$role")))
  info "done in $(elapsed "$t0"), $(size_of "$tag")"
}

# NAME:TAG -> image id of every image labelled paas.stack=true, read in one docker call (each
# call costs 0.1-0.3 s on a loaded machine, and an up-to-date run should take well under one).
declare -A id_of
while read -r ref id; do id_of[$ref]=$id; done \
  < <(docker image ls --no-trunc --filter label=paas.stack=true --format '{{.Repository}}:{{.Tag}} {{.ID}}')

tag_latest() {
  local image=$1 hash=$2
  if [ "${id_of[$image:latest]:-}" != "${id_of[$image:$hash]}" ]; then
    docker tag "$image:$hash" "$image:latest"
    info "$image:latest -> $image:$hash"
  fi
}

missing=()
for role in "${STACK_CHILDREN[@]}"; do
  { [ "$rebuild" = yes ] || [ -z "${id_of[$(image_of "$role"):${hash_of[$role]}]:-}" ]; } && missing+=("$role")
done

# The base is only needed to build a child that is missing.
if [ ${#missing[@]} -gt 0 ]; then
  base_missing=no
  { [ "$rebuild" = yes ] || ! image_exists "$IMAGE_BASE:$base_hash"; } && base_missing=yes
  [ "$base_missing" = yes ] && STEP_TOTAL=1
  for role in "${missing[@]}"; do STEP_TOTAL=$((STEP_TOTAL + $(steps_of "$role"))); done
  say "$STEP_TOTAL steps to build: $([ "$base_missing" = yes ] && printf 'stack-base ')$(for role in "${missing[@]}"; do printf '%s ' "$(basename "$(image_of "$role")")"; done | sed 's/ $//')"
  if [ "$base_missing" = yes ]; then
    build_base
  else
    say "stack-base up to date ($IMAGE_BASE:$base_hash)"
  fi
fi
tags=() sizes=()
for role in "${STACK_CHILDREN[@]}"; do
  tag="$(image_of "$role"):${hash_of[$role]}"
  tags+=("$tag")
  if [[ " ${missing[*]} " == *" $role "* ]]; then
    build_image "$role"
    id_of[$tag]=$(docker image inspect --format '{{.Id}}' "$tag")
    sizes+=("$tag $(size_of "$tag")")
  else
    say "$(basename "$(image_of "$role")") up to date ($tag)"
  fi
done

for role in "${STACK_CHILDREN[@]}"; do tag_latest "$(image_of "$role")" "${hash_of[$role]}"; done
[ ${#sizes[@]} -eq 0 ] || info "$(printf '%s, ' "${sizes[@]}" | sed 's/, $//')"
# Older recipes' tags, children before their base.
if [ "$prune" = yes ]; then
  specs=()
  for role in "${STACK_CHILDREN[@]}"; do specs+=("$(image_of "$role") ${hash_of[$role]}"); done
  for spec in "${specs[@]}" "$IMAGE_BASE $base_hash"; do
    read -r image current <<<"$spec"
    docker image ls --filter label=paas.stack=true --format '{{.Tag}}' "$image" | while read -r t; do
      case "$t" in "$current"|latest|"<none>") continue ;; esac
      if docker rmi "$image:$t" >/dev/null 2>&1; then info "pruned $image:$t"; else info "kept $image:$t (still in use)"; fi
    done
  done
  # Untagged leftovers of these builds (the steps a failed or replaced build had finished).
  docker image prune -f --filter label=paas.stack=true | sed -n 's/^Total reclaimed space: /       pruned untagged stack layers: /p'
fi
say "stack images ready in $(elapsed "$started"): ${tags[*]}"
