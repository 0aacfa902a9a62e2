#!/usr/bin/env bash
# Builds the stack's base image from Debian's packages, with no registry involved:
#   debootstrap --variant=minbase SUITE ROOTFS MIRROR, then `tar | docker import`.
# Run by deploy/stack/build.sh, which passes the parameters and hashes this file into the tag;
# needs root (debootstrap) and a reachable engine.
#
# usage: mkbase.sh IMAGE:TAG RECIPE_HASH SUITE ARCH MIRROR SOURCES_FILE LOG_FILE
set -euo pipefail
[ $# -eq 7 ] || { echo "usage: $0 IMAGE:TAG RECIPE_HASH SUITE ARCH MIRROR SOURCES_FILE LOG_FILE" >&2; exit 2; }
image=$1 recipe=$2 suite=$3 arch=$4 mirror=$5 sources=$6 log=$7

rootfs=$(mktemp -d "${TMPDIR:-/var/tmp}/paas-stack-rootfs.XXXXXX")
cleanup() {
  # debootstrap mounts proc and sys inside the target while it runs (and leaves them when it
  # is interrupted): unmount them first, and never let rm cross into another file system.
  awk -v r="$rootfs" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r \
    | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$rootfs"
}
trap cleanup EXIT
chmod 755 "$rootfs"   # becomes the image's "/"; mktemp made it 0700

debootstrap --variant=minbase --arch="$arch" "$suite" "$rootfs" "$mirror" >>"$log" 2>&1 \
  || { tail -n 20 "$log" >&2; echo "debootstrap $suite from $mirror failed (full log: $log)" >&2; exit 1; }

# The image's apt sources: the same mirror as the host, plus updates and security.
rm -f "$rootfs/etc/apt/sources.list"
install -m 644 "$sources" "$rootfs/etc/apt/sources.list.d/debian.sources"

# apt and dpkg settings for container images (as Debian's official images have them): no
# recommends, no translations, no package caches, no docs or man pages beyond copyrights,
# and no services started by package scripts.
cat >"$rootfs/etc/apt/apt.conf.d/90paas-stack" <<'CONF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
Acquire::GzipIndexes "true";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
CONF
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/90paas-stack-excludes" <<'CONF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
CONF
find "$rootfs/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/lintian/*
find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
# Some packages' scripts (OpenJDK's update-alternatives) expect these directories to exist.
mkdir -p "$rootfs"/usr/share/man/man1 "$rootfs"/usr/share/man/man7
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d" && chmod 755 "$rootfs/usr/sbin/policy-rc.d"

# What debootstrap leaves behind that does not belong in an image. The engine provides
# resolv.conf, hosts and hostname to each container.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/var/log/* "$rootfs"/debootstrap "$rootfs"/etc/resolv.conf "$rootfs"/etc/hostname
mkdir -p "$rootfs/var/lib/apt/lists/partial"

tar --numeric-owner -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["bash"]' \
  --change 'LABEL paas.stack=true' \
  --change "LABEL paas.stack.recipe=$recipe" \
  --change 'LABEL paas.stack.role=base' \
  --change "LABEL paas.stack.suite=$suite" \
  - "$image" >>"$log"
