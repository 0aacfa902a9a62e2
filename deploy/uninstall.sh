#!/usr/bin/env bash
# Removes what deploy/install.sh installed: the services (stopped, disabled, unit files gone), the
# distribution in PREFIX, /usr/local/bin/paas, the shell completion, and the Debian packages
# install.sh installed itself (recorded in /var/lib/paas/.install/packages; packages that were
# there before are never touched, nor is a package another installed package still needs).
# The apps' containers are stopped, not removed.
#
# Keeps the data (/var/lib/paas: store, repositories, slugs, backups, the platform key) and the
# configuration (/etc/paas), so that install.sh brings the same platform back, unless --purge:
# then those go too, with the containers, volumes and networks of this platform on the engine
# (found by the labels paasd puts on them) and the apps' images. The stack images stay (shared
# by every platform on the engine; `docker image rm` them by hand).
#
# usage: deploy/uninstall.sh [--prefix DIR] [--purge]
set -euo pipefail

prefix=/opt/paas
purge=no
etc=/etc/paas
unit_dir=/etc/systemd/system

say() { echo "-----> $*"; }
info() { echo "       $*"; }
die() { echo " !     uninstall: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix=$2; shift 2 ;;
    --purge) purge=yes; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (usage: deploy/uninstall.sh [--prefix DIR] [--purge])" ;;
  esac
done
[[ "$prefix" =~ ^/[A-Za-z0-9._/-]+$ ]] && [[ "$prefix" != *..* ]] && [ "$prefix" != / ] \
  || die "--prefix '$prefix' must be an absolute path, e.g. /opt/paas"
prefix=${prefix%/}
[ "$(id -u)" -eq 0 ] || die "run as root: sudo $0 $*"
[ ! -e "$prefix" ] || [ -f "$prefix/INSTALLED" ] \
  || die "$prefix is not a paas installation (no $prefix/INSTALLED): give the --prefix install.sh used"

data_dir=/var/lib/paas
if [ -f "$etc/paasd.env" ]; then
  d=$(sed -n 's/^PAAS_DATA_DIR=//p' "$etc/paasd.env" | tail -n 1)
  data_dir=${d:-$data_dir}
fi
case "$data_dir" in /*) ;; *) die "PAAS_DATA_DIR=$data_dir in $etc/paasd.env is not an absolute path: fix it to the data dir paasd used" ;; esac
# As paasd names it (Path.toAbsolutePath().normalize()): a trailing slash or a "." would hash otherwise.
data_dir=$(realpath -m "$data_dir")
case "$data_dir/" in "$prefix"/*) die "PAAS_DATA_DIR=$data_dir is inside $prefix, which this removes: move the data dir out first" ;; esac
state_dir=/var/lib/paas/.install
apt_log=$(mktemp /tmp/paas-uninstall-apt.XXXXXX)
trap 'rm -f "$apt_log"' EXIT

# The name paasd gives its platform on the engine (Runtimes.platformName): "paasd-" and the hex of
# Java's String.hashCode of the data dir's path. Containers and volumes carry it as paas.platform
# (dynos, add-ons) or paas.builder (builds and their caches).
platform_name() {
  local s=$1 h=0 i c
  for ((i = 0; i < ${#s}; i++)); do
    printf -v c '%d' "'${s:i:1}"
    h=$(((h * 31 + c) & 0xffffffff))
  done
  printf 'paasd-%x\n' "$h"
}
platform=$(platform_name "$data_dir")
engine=no
command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && engine=yes

# --- services ---------------------------------------------------------------------------------
say "stopping and removing paasd.service and paas-router.service"
# Both at once: each waits for its JVM's clean exit.
systemctl disable --now paas-router.service paasd.service >/dev/null 2>&1 || true
rm -f "$unit_dir/paas-router.service" "$unit_dir/paasd.service" \
  "$unit_dir/paas-router.service.d/java.conf" "$unit_dir/paasd.service.d/java.conf"
rmdir "$unit_dir/paas-router.service.d" "$unit_dir/paasd.service.d" 2>/dev/null || true
systemctl daemon-reload 2>/dev/null || true
systemctl reset-failed paasd.service paas-router.service >/dev/null 2>&1 || true

# --- the apps' containers ---------------------------------------------------------------------
platform_containers() {
  { docker ps -aq --filter "label=paas.platform=$platform"; docker ps -aq --filter "label=paas.builder=$platform"; } | sort -u
}
if [ "$engine" = yes ]; then
  mapfile -t containers < <(platform_containers)
  if [ "$purge" = yes ]; then
    if [ ${#containers[@]} -gt 0 ]; then
      docker rm -f "${containers[@]}" >/dev/null
      info "removed ${#containers[@]} container(s) of platform $platform"
    fi
    mapfile -t volumes < <({ docker volume ls -q --filter "label=paas.platform=$platform"; docker volume ls -q --filter "label=paas.builder=$platform"; } | sort -u)
    if [ ${#volumes[@]} -gt 0 ]; then
      docker volume rm -f "${volumes[@]}" >/dev/null
      info "removed ${#volumes[@]} volume(s) of platform $platform"
    fi
    mapfile -t networks < <(docker network ls -q --filter "label=paas.platform=$platform")
    # The apps' own networks and images carry the app's name, not the platform's: the apps are the
    # repositories in the data dir. A network another platform's dyno still uses is refused by the
    # engine, and kept.
    apps=()
    if [ -d "$data_dir/repos" ]; then
      for r in "$data_dir"/repos/*.git; do [ -d "$r" ] && apps+=("$(basename "$r" .git)"); done
    fi
    for app in "${apps[@]}"; do
      mapfile -t -O "${#networks[@]}" networks < <(docker network ls -q --filter "label=paas.managed=true" --filter "label=paas.app=$app" --filter "name=^paas-app-$app\$")
      # Release images carry this platform's label (those built before it did are left: another
      # platform on this engine may have an app of the same name). paas/image-APP pins what
      # deploy:image brought, for this platform's app of that name.
      mapfile -t images < <({ docker image ls -q --filter "label=paas.platform=$platform" --filter "label=paas.app=$app"; docker image ls -q "paas/image-$app"; } | sort -u)
      [ ${#images[@]} -eq 0 ] || docker image rm -f "${images[@]}" >/dev/null 2>&1 || true
    done
    removed=0
    for n in "${networks[@]}"; do docker network rm "$n" >/dev/null 2>&1 && removed=$((removed + 1)); done
    info "removed $removed network(s) and the images of ${#apps[@]} app(s)"
  elif [ ${#containers[@]} -gt 0 ]; then
    docker stop "${containers[@]}" >/dev/null
    info "stopped ${#containers[@]} container(s) of platform $platform (kept: install.sh starts the apps again; --purge removes them)"
  fi
elif [ "$purge" = yes ]; then
  info "no Docker engine answers: the apps' containers, volumes and networks (label paas.platform=$platform) stay on the engine's disk"
fi

# --- files ------------------------------------------------------------------------------------
say "removing $prefix, /usr/local/bin/paas and the shell completion"
rm -rf "$prefix"
# Staging and swap copies of install.sh only, never a directory of the same name it did not make.
for d in "$prefix.new" "$prefix.old"; do [ -f "$d/INSTALLED" ] && rm -rf "$d"; done
if [ -L /usr/local/bin/paas ] && [[ "$(readlink /usr/local/bin/paas)" == "$prefix/"* ]]; then rm -f /usr/local/bin/paas; fi
rm -f /usr/share/bash-completion/completions/paas

# --- packages install.sh installed ------------------------------------------------------------
if [ -s "$state_dir/packages" ]; then
  mapfile -t recorded < "$state_dir/packages"
  present=() remove=() kept=()
  for p in "${recorded[@]}"; do
    [ "$(dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null)" = installed ] && present+=("$p")
  done
  # What apt would remove besides them: the packages that depend on one of them. (Remv lines
  # name packages as NAME, or NAME:ARCH on multi-arch hosts.)
  others_of() {
    apt-get -s remove "$@" 2>/dev/null | awk '$1 == "Remv" { sub(/:.*/, "", $2); print $2 }' | grep -vxF "${recorded[@]/#/-e}" || true
  }
  if [ ${#present[@]} -gt 0 ] && [ -z "$(others_of "${present[@]}")" ]; then
    remove=("${present[@]}")
  else
    # Something else needs one of them: keep each that takes another package with it.
    for p in "${present[@]}"; do
      others=$(others_of "$p")
      if [ -z "$others" ]; then remove+=("$p"); else kept+=("$p (needed by $(echo "$others" | tr '\n' ' ' | sed 's/ $//'))"); fi
    done
  fi
  if [ ${#remove[@]} -gt 0 ]; then
    say "removing the packages install.sh installed: ${remove[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q remove -y -qq "${remove[@]}" >"$apt_log" 2>&1 \
      || { tail -n 20 "$apt_log" >&2; die "apt-get remove ${remove[*]} failed (output above)"; }
    info "their dependencies stay; 'apt-get autoremove' removes those nothing needs any more"
  fi
  for k in "${kept[@]}"; do info "kept $k"; done
  rm -f "$state_dir/packages"
fi

# --- data -------------------------------------------------------------------------------------
if [ "$purge" = yes ]; then
  say "purging $data_dir and $etc"
  # Only a directory that holds a platform's data (its key file, or the embedded store).
  if [ -e "$data_dir" ] && [ ! -f "$data_dir/secret.key" ] && [ ! -f "$data_dir/paas.mv.db" ] && [ -n "$(ls -A "$data_dir")" ]; then
    die "$data_dir holds no paas data (no secret.key, no paas.mv.db): not removing it; check PAAS_DATA_DIR in $etc/paasd.env"
  fi
  rm -rf "$data_dir" "$state_dir" "$etc"
  [ "$data_dir" = /var/lib/paas ] || rmdir /var/lib/paas 2>/dev/null || true
else
  say "kept $data_dir (data) and $etc (configuration): deploy/install.sh brings this platform back; --purge removes them"
fi
