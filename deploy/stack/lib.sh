# Shared by deploy/stack/build.sh and deploy/stack/verify.sh: configuration, the Debian mirror
# the host uses, the extra CA certificates, and recipe hashing. Sourced, not run. (What the
# add-on images share at run time is in common/addon-lib.sh.)
# shellcheck shell=bash disable=SC2034  # the variables here are read by the scripts that source it

stack_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

STACK_SUITE=${PAAS_STACK_SUITE:-bookworm}
STACK_VARIANT=minbase
STACK_ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
# Empty PAAS_EXTRA_CA_DIR (set but empty) means: bake in no extra certificates.
EXTRA_CA_SOURCES=${PAAS_EXTRA_CA_DIR-/usr/local/share/ca-certificates}
IMAGE_BASE=${PAAS_STACK_IMAGE_PREFIX:-paas/stack}-base
IMAGE_BUILD=${PAAS_STACK_IMAGE_PREFIX:-paas/stack}-build
IMAGE_RUN=${PAAS_STACK_IMAGE_PREFIX:-paas/stack}-run
IMAGE_ADDON_POSTGRESQL=${PAAS_ADDON_IMAGE_PREFIX:-paas/addon}-postgresql
IMAGE_ADDON_REDIS=${PAAS_ADDON_IMAGE_PREFIX:-paas/addon}-redis
# The images built on the base, in build order; each is built from deploy/stack/ROLE/.
STACK_CHILDREN=(build run addon-postgresql addon-redis)
# The legacy builder: the same behaviour with the engine's own client (20.10) and a newer one
# without the buildx plugin; nothing here needs BuildKit.
export DOCKER_BUILDKIT=0

say() { echo "-----> $*"; }
info() { echo "       $*"; }
die() { echo " !     $*" >&2; exit 1; }

require_engine() {
  command -v docker >/dev/null 2>&1 \
    || die "no docker client on PATH: run deploy/docker/ensure-engine.sh (installs docker.io and starts the engine)"
  docker info >/dev/null 2>&1 \
    || die "docker engine not reachable: run deploy/docker/ensure-engine.sh (as root), then try again"
}

# Prints "URI SUITE" for every enabled `deb` source of the host with the main component, from
# one-line sources.list files and deb822 .sources files, in apt's reading order.
host_apt_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '{ sub(/#.*/, "") }
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        for (j = i + 2; j <= NF; j++) if ($j == "main") { print $i, $(i + 1); break }
      }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'function flush(   n, m, a, b, U, S) {
          if (types ~ /(^| )deb( |$)/ && enabled != "no" && (" " comps " ") ~ / main /) {
            n = split(uris, U, " "); m = split(suites, S, " ")
            for (a = 1; a <= n; a++) for (b = 1; b <= m; b++) print U[a], S[b]
          }
          types = uris = suites = comps = enabled = key = ""
        }
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { flush(); next }
        /^[ \t]/ { v = $0; gsub(/^[ \t]+|[ \t]+$/, "", v); val[key] = val[key] " " v; set(key); next }
        /^[A-Za-z-]+:/ {
          key = tolower(substr($0, 1, index($0, ":") - 1))
          v = substr($0, index($0, ":") + 1); gsub(/^[ \t]+|[ \t]+$/, "", v)
          val[key] = v; set(key); next
        }
        function set(k) {
          if (k == "types") types = val[k]; else if (k == "uris") uris = val[k]
          else if (k == "suites") suites = val[k]; else if (k == "components") comps = val[k]
          else if (k == "enabled") enabled = tolower(val[k])
        }
        END { flush() }' "$f"
  done
}

# Sets STACK_MIRROR (the archive debootstrap and the images use for SUITE and SUITE-updates) and
# STACK_SECURITY_MIRROR (for SUITE-security, empty for none), from PAAS_DEBIAN_MIRROR /
# PAAS_DEBIAN_SECURITY_MIRROR ("none" disables security updates) or else the host's apt sources.
resolve_mirrors() {
  local sources
  sources=$(host_apt_sources 2>/dev/null || true)
  STACK_MIRROR=${PAAS_DEBIAN_MIRROR:-$(awk -v s="$STACK_SUITE" '$2 == s { print $1; exit }' <<<"$sources")}
  [ -n "$STACK_MIRROR" ] || die "no Debian mirror for '$STACK_SUITE' (main) in /etc/apt/sources.list(.d): set PAAS_DEBIAN_MIRROR, e.g. PAAS_DEBIAN_MIRROR=http://deb.debian.org/debian"
  STACK_MIRROR=${STACK_MIRROR%/}
  STACK_UPDATES=no
  if [ -n "${PAAS_DEBIAN_MIRROR:-}" ] || awk -v s="$STACK_SUITE-updates" '$2 == s { f = 1 } END { exit !f }' <<<"$sources"; then
    STACK_UPDATES=yes
  fi
  if [ -n "${PAAS_DEBIAN_SECURITY_MIRROR+x}" ]; then
    STACK_SECURITY_MIRROR=$PAAS_DEBIAN_SECURITY_MIRROR
  else
    STACK_SECURITY_MIRROR=$(awk -v s="$STACK_SUITE-security" '$2 == s { print $1; exit }' <<<"$sources")
  fi
  [ "$STACK_SECURITY_MIRROR" = none ] && STACK_SECURITY_MIRROR=
  STACK_SECURITY_MIRROR=${STACK_SECURITY_MIRROR%/}
  return 0
}

# The deb822 sources file the images get (written into the base image).
image_apt_sources() {
  local suites=$STACK_SUITE
  [ "$STACK_UPDATES" = yes ] && suites="$suites $STACK_SUITE-updates"
  printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$STACK_MIRROR" "$suites"
  if [ -n "$STACK_SECURITY_MIRROR" ]; then
    printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$STACK_SECURITY_MIRROR" "$STACK_SUITE"
  fi
}

# Copies every certificate from the *.crt files under EXTRA_CA_SOURCES (a colon-separated list
# of directories, searched recursively, or files) into DEST, one certificate per file, named
# after its source file and its own sha256 so the set (and the recipe hash) does not depend on
# the order files are found in. A file without a PEM certificate is refused, not skipped.
collect_extra_cas() {
  local dest=$1 src f base sum part entries=() tmp i=0
  mkdir -p "$dest"
  EXTRA_CA_COUNT=0
  [ -n "$EXTRA_CA_SOURCES" ] || return 0
  IFS=: read -r -a entries <<<"$EXTRA_CA_SOURCES"
  tmp=$(mktemp -d)
  for src in "${entries[@]}"; do
    [ -n "$src" ] || continue
    if [ ! -e "$src" ]; then
      # The default directory may simply not exist on a host without extra CAs.
      [ -z "${PAAS_EXTRA_CA_DIR+x}" ] && continue
      rm -rf "$tmp"; die "PAAS_EXTRA_CA_DIR: '$src' does not exist (give directories or .crt files, separated by ':', or set it empty for none)"
    fi
    while IFS= read -r -d '' f; do
      i=$((i + 1))
      base=${f##*/}; base=${base%.crt}; base=${base//[^A-Za-z0-9._-]/_}
      # One file per certificate: TMP/I-N.BASE; exit 3 when the file holds none.
      if ! awk -v out="$tmp/$i-" -v base="$base" '/-----BEGIN CERTIFICATE-----/ { n++; on = 1 }
          on { print > (out n "." base) }
          /-----END CERTIFICATE-----/ { on = 0; close(out n "." base) }
          END { exit n ? 0 : 3 }' "$f"; then
        rm -rf "$tmp"; die "extra CA file $f holds no PEM certificate: convert it (openssl x509 -inform der -in $f -out $f), remove it, or point PAAS_EXTRA_CA_DIR elsewhere"
      fi
    done < <(find -L "$src" -type f -name '*.crt' -print0)
  done
  if [ "$i" -gt 0 ]; then
    while read -r sum part; do
      cp "$part" "$dest/${part##*.}-${sum:0:12}.crt"
    done < <(sha256sum "$tmp"/*)
  fi
  rm -rf "$tmp"
  EXTRA_CA_COUNT=$(find "$dest" -name '*.crt' | wc -l)
}

# sha256 over the relative paths and contents of every file under DIR, plus extra strings.
hash_tree() {
  local dir=$1; shift
  {
    printf '%s\n' "$@"
    (cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
  } | sha256sum | cut -c1-16
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# image_of ROLE: the image name (without tag) of a child role: build -> $IMAGE_BUILD,
# addon-redis -> $IMAGE_ADDON_REDIS.
image_of() {
  local var=IMAGE_${1^^}
  var=${var//-/_}
  echo "${!var}"
}
