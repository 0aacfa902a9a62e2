#!/usr/bin/env bash
# Installs paas on this Debian or Ubuntu host as two systemd services, from this checkout:
#   paasd.service        the control plane (API, git, builds, dynos, logs), as root
#   paas-router.service  the router that serves the apps, as an unprivileged dynamic user
# Run as root. What it does, each step only when needed (so a second run upgrades in place):
#   1. installs the Debian packages that are missing: git, docker.io (then starts the engine with
#      docker.service), debootstrap, and openjdk-21-jdk-headless when no JDK 21+ is found and apt
#      offers it; it records the ones it installed, and only those, for deploy/uninstall.sh
#   2. builds the checkout (bin/build) when its jars are missing, and the stack images
#      (deploy/stack/build.sh, a second or so when they are up to date)
#   3. copies the distribution to PREFIX (/opt/paas) and links PREFIX/bin/paas as
#      /usr/local/bin/paas, with bash completion for every user (and a zsh script in PREFIX/share)
#   4. writes /etc/paas/paasd.env and /etc/paas/paas-router.env (mode 0600) the first time, with
#      a new admin token in both; later runs never change a value there, they only append the
#      variables a newer deploy/*.env names, commented out
#   5. installs the units, starts paasd (data in /var/lib/paas, mode 0700), then the router
#   6. on the first install, prints an admin API token (once) and the `paas login` command
# An upgrade stops paasd only while the files are swapped; the apps' containers keep running,
# and the router is restarted last (a moment without traffic). See docs/install.md.
#
# usage: deploy/install.sh [--prefix DIR] [--domain DOMAIN] [--build]
#   --prefix DIR     where the distribution goes (default /opt/paas)
#   --domain DOMAIN  PAAS_DOMAIN on the first install: apps answer at APP.DOMAIN (default
#                    localhost); later runs keep what /etc/paas/paasd.env says
#   --build          run bin/build even when the jars exist (e.g. after a git pull)
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
prefix=/opt/paas
domain=localhost
force_build=no
etc=/etc/paas
data_dir=/var/lib/paas
state_dir=$data_dir/.install
unit_dir=/etc/systemd/system
api_port=5000

say() { echo "-----> $*"; }
info() { echo "       $*"; }
die() { echo " !     install: $*" >&2; exit 1; }
# Private temporary files: a fixed name in /tmp is one another local user could plant a link at.
apt_log=$(mktemp /tmp/paas-install-apt.XXXXXX)
token_log=$(mktemp /tmp/paas-install-token.XXXXXX)
trap 'rm -f "$apt_log" "$token_log"' EXIT

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix=$2; shift 2 ;;
    --domain) [ $# -ge 2 ] || die "--domain needs a name"; domain=$2; shift 2 ;;
    --build) force_build=yes; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (usage: deploy/install.sh [--prefix DIR] [--domain DOMAIN] [--build])" ;;
  esac
done
# The prefix ends up in unit files and in `rm -rf` on upgrade: an absolute path of plain characters.
[[ "$prefix" =~ ^/[A-Za-z0-9._/-]+$ ]] && [[ "$prefix" != *..* ]] && [ "$prefix" != / ] \
  || die "--prefix '$prefix' must be an absolute path of letters, digits, '.', '_', '-' and '/', e.g. /opt/paas"
prefix=${prefix%/}
[[ "$domain" =~ ^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$ ]] \
  || die "--domain '$domain' is not a DNS name: use lower-case letters, digits, '.' and '-', e.g. apps.example.com"

# --- preflight: nothing is changed until all of these pass ------------------------------------
[ "$(id -u)" -eq 0 ] || die "run as root: sudo $0 $*"
command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1 \
  || die "this script needs Debian or Ubuntu (apt-get and dpkg); on other systems follow docs/install.md#by-hand"
[ -d /run/systemd/system ] \
  || die "systemd is not running as init here (no /run/systemd/system); the services need it: on such a host run bin/paasd by hand (docs/operations.md)"
[ -f "$src/pom.xml" ] && [ -x "$src/bin/paasd" ] || die "$src is not a paas checkout: run deploy/install.sh from one"
# An upgrade replaces the prefix whole: never a directory that holds something else.
[ ! -e "$prefix" ] || [ -f "$prefix/INSTALLED" ] \
  || die "$prefix exists and is not a paas installation (no $prefix/INSTALLED): move it away or choose --prefix"

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=600 -q)
apt_updated=no
apt_update() {
  [ "$apt_updated" = yes ] && return 0
  say "apt-get update"
  apt-get "${apt_opts[@]}" update -qq >"$apt_log" 2>&1 \
    || { tail -n 20 "$apt_log" >&2; die "apt-get update failed (output above): check /etc/apt/sources.list(.d) and the network"; }
  apt_updated=yes
}
installed() { [ "$(dpkg-query -W -f '${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }

packages=()
command -v git >/dev/null 2>&1 || packages+=(git)
# Debian's engine when there is no client, or no engine answers and none is installed to start;
# an engine that answers already (Docker's own packages, DOCKER_HOST) is used as it is.
if ! command -v docker >/dev/null 2>&1; then
  packages+=(docker.io)
elif ! docker info >/dev/null 2>&1 && ! command -v dockerd >/dev/null 2>&1 && [ ! -x /usr/sbin/dockerd ]; then
  packages+=(docker.io)
fi
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || packages+=(debootstrap)
command -v iptables >/dev/null 2>&1 || [ -x /usr/sbin/iptables ] || packages+=(iptables)

# A JDK 21+: bin/java-home's search (JAVA_HOME, then /usr/lib/jvm), which bin/paasd repeats at
# every start. Debian 12 has only openjdk-17; Debian 13 and Ubuntu 24.04 offer openjdk-21.
if ! "$src/bin/java-home" >/dev/null 2>&1; then
  apt_update
  if apt-cache show openjdk-21-jdk-headless >/dev/null 2>&1; then
    packages+=(openjdk-21-jdk-headless)
  else
    die "no JDK 21 or newer here and apt offers none (Debian 12 has only openjdk-17): install one under /usr/lib/jvm (e.g. Temurin 21 from https://adoptium.net/installation/linux/), then run this again"
  fi
fi

# --- 1. packages ------------------------------------------------------------------------------
if [ ${#packages[@]} -gt 0 ]; then
  apt_update
  say "installing ${packages[*]}"
  apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${packages[@]}" >"$apt_log" 2>&1 \
    || { tail -n 30 "$apt_log" >&2; die "installing ${packages[*]} failed (apt output above); nothing of paas is installed yet"; }
  # Only what this script installed goes again with deploy/uninstall.sh.
  install -d -m 0700 "$data_dir"
  install -d -m 0700 "$state_dir"
  printf '%s\n' "${packages[@]}" >>"$state_dir/packages"
  sort -u -o "$state_dir/packages" "$state_dir/packages"
fi
java_home=$("$src/bin/java-home") || die "still no JDK 21+ after installing ${packages[*]:-nothing}"
info "JDK: $java_home"

if ! docker info >/dev/null 2>&1; then
  say "starting the Docker engine (docker.service)"
  systemctl enable --now docker.service >/dev/null 2>&1 || true
  for _ in $(seq 1 120); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 \
    || die "the Docker engine does not answer after 'systemctl enable --now docker': see 'journalctl -u docker' and fix it, then run this again"
fi
info "Docker engine $(docker version --format '{{.Server.Version}}' 2>/dev/null)"

# --- 2. build ---------------------------------------------------------------------------------
jars=("$src/platform-api/target/platform-api.jar" "$src/cli/target/cli.jar")
if [ "$force_build" = yes ] || [ ! -f "${jars[0]}" ] || [ ! -f "${jars[1]}" ] || [ ! -d "$src/platform-api/target/lib" ]; then
  say "building paas (bin/build)"
  "$src/bin/build" || die "bin/build failed (output above)"
fi
say "building the stack images (deploy/stack/build.sh)"
"$src/deploy/stack/build.sh" | sed -u 's/^/       /' || die "building the stack images failed (output above)"

# --- 3. the distribution, staged beside the prefix so paasd stops only for the swap ------------
stage=$prefix.new
say "copying the distribution to $prefix"
[ ! -e "$stage" ] || [ -f "$stage/INSTALLED" ] || [ -z "$(ls -A "$stage")" ] \
  || die "$stage exists and is not a copy staged by this script (no INSTALLED): move it away"
rm -rf "$stage"
install -d -m 0755 "$stage" "$stage/platform-api/target" "$stage/cli/target"
cp -r "$src/bin" "$src/deploy" "$stage/"
cp -r "$src/platform-api/target/platform-api.jar" "$src/platform-api/target/lib" "$stage/platform-api/target/"
cp -r "$src/cli/target/cli.jar" "$src/cli/target/lib" "$stage/cli/target/"
[ -f "$src/README.md" ] && cp "$src/README.md" "$stage/"
[ -d "$src/docs" ] && cp -r "$src/docs" "$stage/"
{ echo "installed $(date -u +%Y-%m-%dT%H:%M:%SZ) from $src"
  git -C "$src" rev-parse HEAD 2>/dev/null | sed 's/^/commit /' || true; } >"$stage/INSTALLED"
chown -R root:root "$stage"
chmod -R u=rwX,go=rX "$stage"

# --- 4. configuration -------------------------------------------------------------------------
# Appends to FILE, commented out, each variable TEMPLATE names (set or commented) that FILE does
# not mention at all, with the comment lines just above it in TEMPLATE. Values in FILE stay.
append_new_variables() {
  local file=$1 template=$2 added
  added=$(awk -v known="$(grep -oE '^#? *[A-Z][A-Z0-9_]*=' "$file" | tr -d '# =' | tr '\n' ' ')" '
    BEGIN { n = split(known, k, " "); for (i = 1; i <= n; i++) have[k[i]] = 1 }
    /^#? *[A-Z][A-Z0-9_]*=/ {
      name = $0; sub(/^#? */, "", name); sub(/=.*/, "", name)
      if (!(name in have)) { line = $0; if (line !~ /^#/) line = "# " line; printf "%s%s\n", block, line }
      block = ""; next
    }
    /^#/ { block = block $0 "\n"; next }
    { block = "" }' "$template")
  if [ -n "$added" ]; then
    printf '\n# Added by deploy/install.sh on %s: new in this version, commented out (see docs/operations.md).\n%s\n' \
      "$(date -u +%Y-%m-%d)" "$added" >>"$file"
    info "$file: appended $(grep -cE '^#? *[A-Z][A-Z0-9_]*=' <<<"$added") new variable(s), commented out"
  fi
}
env_value() { sed -n "s/^$2=//p" "$1" | tail -n 1; }

install -d -m 0700 "$etc"
first_install=no
if [ ! -f "$etc/paasd.env" ]; then
  first_install=yes
  # The router needs an admin's token to read the routes; paasd accepts this one as the admin's
  # (PAAS_ADMIN_TOKEN). It is the services' token; the operator gets a token of their own below.
  machine_token=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
  say "writing $etc/paasd.env and $etc/paas-router.env (mode 0600)"
  (umask 077
   sed -e "s|^PAAS_ADMIN_TOKEN=.*|PAAS_ADMIN_TOKEN=$machine_token|" -e "s|^PAAS_DOMAIN=.*|PAAS_DOMAIN=$domain|" \
     -e "s|^PAAS_DATA_DIR=.*|PAAS_DATA_DIR=$data_dir|" "$src/deploy/paasd.env" >"$etc/paasd.env.tmp"
   mv "$etc/paasd.env.tmp" "$etc/paasd.env")
fi
if [ ! -f "$etc/paas-router.env" ]; then
  machine_token=$(env_value "$etc/paasd.env" PAAS_ADMIN_TOKEN)
  [[ "$machine_token" =~ ^[[:graph:]]{20,200}$ ]] \
    || die "$etc/paasd.env has no usable PAAS_ADMIN_TOKEN for the router's $etc/paas-router.env: set one (openssl rand -hex 32), then run this again"
  (umask 077
   sed -e "s|^PAAS_ROUTER_TOKEN=.*|PAAS_ROUTER_TOKEN=$machine_token|" \
     -e "s|^PAAS_DOMAIN=.*|PAAS_DOMAIN=$(env_value "$etc/paasd.env" PAAS_DOMAIN)|" \
     -e "s|^PAAS_ROUTER_PORT=.*|PAAS_ROUTER_PORT=$(env_value "$etc/paasd.env" PAAS_ROUTER_PORT)|" \
     -e "s|^PAAS_API_URL=.*|PAAS_API_URL=http://127.0.0.1:${api_port}|" "$src/deploy/paas-router.env" >"$etc/paas-router.env.tmp"
   mv "$etc/paas-router.env.tmp" "$etc/paas-router.env")
fi
append_new_variables "$etc/paasd.env" "$src/deploy/paasd.env"
append_new_variables "$etc/paas-router.env" "$src/deploy/paas-router.env"
chmod 0600 "$etc/paasd.env" "$etc/paas-router.env"
api_port=$(env_value "$etc/paasd.env" PAAS_API_PORT); api_port=${api_port:-5000}
data_dir=$(env_value "$etc/paasd.env" PAAS_DATA_DIR); data_dir=${data_dir:-/var/lib/paas}
# The swap below replaces the prefix whole (and uninstall.sh removes it): data inside it would go.
case "$data_dir" in /*) ;; *) die "PAAS_DATA_DIR=$data_dir in $etc/paasd.env is not an absolute path: give one outside $prefix" ;; esac
data_dir=$(realpath -m "$data_dir")
case "$data_dir/" in "$prefix"/*) die "PAAS_DATA_DIR=$data_dir in $etc/paasd.env is inside $prefix, which an upgrade replaces: move it outside" ;; esac
case "$prefix/" in "$data_dir"/*) die "$prefix is inside PAAS_DATA_DIR=$data_dir: choose another --prefix" ;; esac
install -d -m 0700 "$data_dir"
chmod 0700 "$data_dir"

# --- 5. services ------------------------------------------------------------------------------
for unit in paasd paas-router; do
  sed "s|/opt/paas|$prefix|g" "$src/deploy/$unit.service" >"$unit_dir/$unit.service.tmp"
  chmod 0644 "$unit_dir/$unit.service.tmp"
  mv "$unit_dir/$unit.service.tmp" "$unit_dir/$unit.service"
  # The JDK found above, also when only this shell's JAVA_HOME named it (bin/java-home at the
  # service's start sees no JAVA_HOME otherwise, and looks only in /usr/lib/jvm).
  install -d -m 0755 "$unit_dir/$unit.service.d"
  printf '# Written by deploy/install.sh at every run: the JDK it found (bin/java-home).\n[Service]\nEnvironment="JAVA_HOME=%s"\n' \
    "${java_home//%/%%}" >"$unit_dir/$unit.service.d/java.conf"
done
systemctl daemon-reload

upgrade=no
systemctl is-active --quiet paasd.service && upgrade=yes
if [ "$upgrade" = yes ]; then say "stopping paasd for the swap (the apps' containers and the router keep running)"; fi
systemctl stop paasd.service
if [ -e "$prefix.old" ] && [ ! -f "$prefix.old/INSTALLED" ]; then
  die "$prefix.old exists and is not an earlier paas installation (no INSTALLED): move it away; paasd is stopped, run this script again"
fi
if [ -d "$prefix" ]; then rm -rf "$prefix.old"; mv "$prefix" "$prefix.old"; fi
mv "$stage" "$prefix"
rm -rf "$prefix.old"
ln -sfn "$prefix/bin/paas" /usr/local/bin/paas

say "starting paasd"
systemctl enable paasd.service paas-router.service >/dev/null 2>&1
systemctl start paasd.service
api=http://127.0.0.1:$api_port
answered=no
for _ in $(seq 1 240); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$api_port") 2>/dev/null; then answered=yes; break; fi
  systemctl is-failed --quiet paasd.service && break
  sleep 0.5
done
if [ "$answered" != yes ]; then
  journalctl -u paasd.service -n 30 --no-pager >&2 || true
  die "paasd did not answer on $api within 2 minutes (its log above; 'journalctl -u paasd' for more)"
fi
info "paasd answers on $api"
if [ "$upgrade" = yes ]; then systemctl restart paas-router.service; else systemctl start paas-router.service; fi
sleep 1
systemctl is-active --quiet paas-router.service \
  || { journalctl -u paas-router.service -n 20 --no-pager >&2 || true; die "paas-router did not start (its log above)"; }
info "paas-router serves the apps on port $(env_value "$etc/paas-router.env" PAAS_ROUTER_PORT)"

# --- shell completion, when this CLI has the command ------------------------------------------
# bash loads the file from bash-completion's directory for every user; zsh has no such directory
# for a script run through its bashcompinit, so a zsh user sources it from ~/.zshrc.
if completion=$(/usr/local/bin/paas completion bash 2>/dev/null) && [ -n "$completion" ]; then
  install -d /usr/share/bash-completion/completions
  printf '%s\n' "$completion" >/usr/share/bash-completion/completions/paas
  info "bash completion: /usr/share/bash-completion/completions/paas (new shells pick it up)"
  if zsh_completion=$(/usr/local/bin/paas completion zsh 2>/dev/null) && [ -n "$zsh_completion" ]; then
    install -d "$prefix/share"
    printf '%s\n' "$zsh_completion" >"$prefix/share/completion.zsh"
    info "zsh completion: add 'source $prefix/share/completion.zsh' to ~/.zshrc"
  fi
fi

# --- 6. the operator's token, once ------------------------------------------------------------
host=$(hostname -f 2>/dev/null || hostname)
if [ ! -f "$state_dir/token-issued" ]; then
  machine_token=$(env_value "$etc/paasd.env" PAAS_ADMIN_TOKEN)
  # A token of the operator's own, so the services' token in /etc/paas never has to leave the host.
  token=$(PAAS_API_URL=$api PAAS_API_TOKEN=$machine_token HOME=/nonexistent \
    /usr/local/bin/paas authorizations:create -d "admin, created by deploy/install.sh on $host" 2>"$token_log") \
    || { cat "$token_log" >&2; die "creating the admin's API token failed (above); paasd runs: create one with PAAS_ADMIN_TOKEN from $etc/paasd.env"; }
  rm -f "$token_log"
  install -d -m 0700 "$state_dir"
  date -u +%Y-%m-%dT%H:%M:%SZ >"$state_dir/token-issued"
  say "paas is installed (in ${SECONDS}s). The admin's API token, shown only this once:"
  echo
  echo "    $token"
  echo
  say "Log in (here, or from another machine with its own paas CLI, see docs/install.md):"
  echo "    paas login --api-url http://$host:$api_port --token $token"
else
  say "paas runs from $prefix ($(head -n 1 "$prefix/INSTALLED"); this run took ${SECONDS}s)"
  info "data kept in $data_dir; the tokens you have still work (paas authorizations:create makes more)"
fi
