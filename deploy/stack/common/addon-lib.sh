# The rules every add-on service image shares (paas/addon-postgresql, paas/addon-redis): the
# service user and data directory, and how an entrypoint reads its environment. Copied into
# each add-on image as /usr/local/lib/paas-addon/addon-lib.sh; sourced, not run: by the
# Dockerfiles (service_user, as root at build time) and by the entrypoints and readiness
# probes (everything else). See docs/stack.md.
# shellcheck shell=sh

# The volume mount point: the service's data and nothing else lives here.
data_dir=/var/lib/paas-addon
# The service user's uid and gid, fixed so the runtime can pass --user 999:999 and a volume
# keeps its owner across image rebuilds.
addon_uid=999

# One line on stderr, then stop: the runtime shows the container's last log line as the reason.
die() { echo "paas-addon: $*" >&2; exit 1; }

# service_user NAME HOME: the service user (uid and gid 999) before its Debian package is
# installed, so the package's scripts take it instead of making one with whatever uid is free;
# and the data directory, owned by it and private to it.
service_user() {
  groupadd --system --gid "$addon_uid" "$1"
  useradd --system --uid "$addon_uid" --gid "$addon_uid" --home-dir "$2" --no-create-home --shell /bin/sh "$1"
  install -d -o "$addon_uid" -g "$addon_uid" -m 700 "$data_dir"
}

require_password() {
  [ -n "${PAAS_ADDON_PASSWORD:-}" ] \
    || die "PAAS_ADDON_PASSWORD is not set: an add-on never starts without a password (docker run -e PAAS_ADDON_PASSWORD=...)"
  case $PAAS_ADDON_PASSWORD in
    *[[:cntrl:]]*) die "PAAS_ADDON_PASSWORD contains a control character (newline, tab, ...): use printable characters only" ;;
  esac
}

require_data_dir() {
  [ -d "$data_dir" ] && [ -w "$data_dir" ] \
    || die "$data_dir is not writable by uid $(id -u): mount a volume there owned by $addon_uid:$addon_uid (a new named volume takes the image's owner)"
}

# lock_data_dir: holds an exclusive lock on the volume for as long as the service runs (the
# descriptor passes through exec to the server and its children), so a second container given
# the same volume stops here instead of running a second server on the same files. The kernel
# drops the lock when the last holder dies, SIGKILL included.
lock_data_dir() {
  exec 9>>"$data_dir/.paas-addon.lock"
  flock --nonblock 9 || die "$data_dir is in use by another container (the volume is locked): give each add-on container its own volume"
}

# int_setting VAR DEFAULT MIN MAX: sets $value to the whole number in $VAR (DEFAULT when unset
# or empty), or stops naming the variable and the accepted range.
int_setting() {
  eval "value=\${$1:-$2}"
  case $value in
    '' | *[!0-9]* | ???????*) die "$1='$value' is not a whole number from $3 to $4" ;;
  esac
  value=$((value + 0))
  [ "$value" -ge "$3" ] && [ "$value" -le "$4" ] || die "$1=$value is out of range: give a whole number from $3 to $4"
}

# size_setting VAR DEFAULT UNITS HINT: sets $value to $VAR (DEFAULT when unset or empty) when it
# is a positive whole number followed by one of the space-separated UNITS (tried in order), or
# stops naming the variable and HINT.
size_setting() {
  eval "value=\${$1:-$2}"
  number=
  for unit in $3; do
    case $value in *?"$unit") number=${value%"$unit"}; break ;; esac
  done
  case $number in
    '' | *[!0-9]* | 0*) die "$1='$value' is not a size: give $4" ;;
  esac
}

# name_setting VAR: sets $value to $VAR when it is a plain lower-case SQL name, or stops.
name_setting() {
  eval "value=\${$1:-}"
  [ -n "$value" ] || die "$1 is not set: the first start needs it (a name of lower-case letters, digits and _)"
  case $value in
    [a-z_]*) ;;
    *) die "$1='$value' must start with a lower-case letter or _" ;;
  esac
  case $value in
    *[!a-z0-9_]*) die "$1='$value' may contain only lower-case letters, digits and _" ;;
  esac
  [ ${#value} -le 63 ] || die "$1='$value' is longer than 63 characters"
}
