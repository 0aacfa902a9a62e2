#!/bin/sh
# The steps the stack Dockerfiles run, one subcommand per logical step. Copied into both images
# as /usr/local/lib/paas-stack/stack-setup.sh, so an image derived from a stack image can use
# `stack-setup.sh apt-install PKG...` the same way.
set -eu

extra_dir=/usr/local/share/ca-certificates/paas
bundle=/etc/ssl/certs/ca-certificates.crt

die() { echo "stack-setup: $*" >&2; exit 1; }

case "${1:-}" in
  apt-install)
    # One layer per call: index, install without recommends, and no lists or .debs left behind.
    shift
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "$@"
    apt-get clean
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt/* /var/log/dpkg.log
    ;;

  apt-install-backports)
    # Packages whose stable version is too old to be useful (Go: bookworm has 1.19), from the
    # same mirror's CODENAME-backports. The source goes away again, so nothing else in the
    # image, and no later upgrade, comes from backports.
    shift
    export DEBIAN_FRONTEND=noninteractive
    codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
    uris=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources | head -n 1)
    [ -n "$codename" ] && [ -n "$uris" ] || die "cannot tell the suite or mirror for backports"
    printf 'Types: deb\nURIs: %s\nSuites: %s-backports\nComponents: main\nSigned-By: %s\n' \
      "$uris" "$codename" /usr/share/keyrings/debian-archive-keyring.gpg > /etc/apt/sources.list.d/backports.sources
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends -t "$codename-backports" "$@"
    rm -f /etc/apt/sources.list.d/backports.sources
    apt-get clean
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt/* /var/log/dpkg.log
    ;;

  ca-bootstrap)
    # Only for an https mirror, before the first apt-get: let apt (GnuTLS reads the system
    # bundle) trust the extra CAs, so a mirror behind an intercepting proxy works from the first
    # install. debootstrap puts ca-certificates into a base made from an https mirror: then
    # rebuild its bundle with the extras; otherwise start a bundle of the extras alone, which
    # installing ca-certificates later replaces with Debian's CAs plus these.
    if grep -qs 'https://' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list \
        && ls "$extra_dir"/*.crt >/dev/null 2>&1; then
      if command -v update-ca-certificates >/dev/null 2>&1; then
        out=$(update-ca-certificates 2>&1) || { echo "$out" >&2; die "update-ca-certificates failed"; }
      elif [ ! -s "$bundle" ]; then
        mkdir -p "$(dirname "$bundle")"
        cat "$extra_dir"/*.crt >"$bundle"
      fi
    fi
    ;;

  ca-finish)
    # Rebuild every trust store from scratch (the system bundle, and through Debian's hooks
    # Java's cacerts when ca-certificates-java is installed), then prove each extra CA is in it.
    # Its output (with a harmless rehash warning about the bundle file) is shown only on failure.
    out=$(update-ca-certificates --fresh 2>&1) || { echo "$out" >&2; die "update-ca-certificates failed"; }
    n=0
    for c in "$extra_dir"/*.crt; do
      [ -f "$c" ] || continue
      n=$((n + 1))
      openssl verify -partial_chain -CAfile "$bundle" "$c" >/dev/null \
        || die "extra CA $c is not trusted through $bundle"
      if [ -f /etc/ssl/certs/java/cacerts ]; then
        fp=$(openssl x509 -noout -fingerprint -sha256 -in "$c" | cut -d= -f2)
        keytool -list -cacerts -storepass changeit 2>/dev/null | grep -q "$fp" \
          || die "extra CA $c ($fp) is missing from Java's cacerts"
      fi
    done
    rm -rf /tmp/hsperfdata_root   # left by keytool; not for the image
    echo "stack-setup: $n extra CA certificate(s) trusted by the system bundle$( [ -f /etc/ssl/certs/java/cacerts ] && echo ' and Java')"
    ;;

  java-home)
    # A stable JAVA_HOME that does not name the architecture.
    jdk=$(ls -d /usr/lib/jvm/java-17-openjdk-* | head -n 1)
    [ -n "$jdk" ] || die "no OpenJDK 17 under /usr/lib/jvm"
    ln -sfn "$(basename "$jdk")" /usr/lib/jvm/default-java
    ;;

  user)
    # The unprivileged user builds and dynos run as, and the directories it owns.
    shift
    groupadd --gid 1000 u1000
    useradd --uid 1000 --gid 1000 --home-dir /app --no-create-home --shell /bin/bash u1000
    for d in /app "$@"; do
      mkdir -p "$d"
      chown u1000:u1000 "$d"
    done
    ;;

  *)
    die "usage: stack-setup.sh apt-install PKG... | ca-bootstrap | ca-finish | java-home | user [DIR...]"
    ;;
esac
