# shellcheck shell=bash
# Helpers to install, create, start and stop a private PostgreSQL cluster.
# Sourced by run.sh and test.sh; nothing here assumes a server is already running.
# PostgreSQL refuses to run as root, so as root every server command runs as the
# 'postgres' system user (created by Debian's package); as anyone else, as that user.

pg_log() { printf '[postgres] %s\n' "$*" >&2; }

# Installs Debian's PostgreSQL server package when no initdb is present.
pg_ensure_installed() {
  if pg_bin_dir >/dev/null 2>&1; then return 0; fi
  pg_log "PostgreSQL server not found; installing Debian's postgresql package"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  pg_bin_dir >/dev/null
}

# Prints the bin directory of the newest installed PostgreSQL server.
pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] || return 1
  printf '%s\n' "$dir"
}

# Runs a server command as the user that owns the cluster.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Makes every directory above $1 traversable by the postgres user, so that a cluster can
# live inside the project. Only the execute (search) bit is added, never read or write.
pg_make_reachable() {
  [ "$(id -u)" -eq 0 ] || return 0
  local dir
  dir=$(dirname "$(realpath -m "$1")")
  while [ "$dir" != "/" ]; do
    if ! runuser -u postgres -- test -x "$dir"; then
      pg_log "granting the postgres user passage through $dir (chmod o+x)"
      chmod o+x "$dir"
    fi
    dir=$(dirname "$dir")
  done
}

# pg_init DATA_DIR AUTH [PASSWORD_FILE]: creates a cluster unless DATA_DIR already holds one.
# AUTH is 'trust' for throwaway test clusters or 'scram-sha-256' with a password file.
pg_init() {
  local data=$1 auth=$2 pwfile=${3:-} bin
  bin=$(pg_bin_dir)
  if [ -f "$data/PG_VERSION" ]; then return 0; fi
  mkdir -p "$data"
  pg_make_reachable "$data"
  [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$data"
  chmod 700 "$data"
  local args=(-D "$data" -U postgres --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust "--auth-host=$auth")
  if [ -n "$pwfile" ]; then
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$pwfile"
    args+=("--pwfile=$pwfile")
  fi
  pg_log "creating a PostgreSQL cluster in $data"
  pg_as_owner "$bin/initdb" "${args[@]}" >"$data.initdb.log" 2>&1 || { cat "$data.initdb.log" >&2; return 1; }
  rm -f "$data.initdb.log"
}

# pg_running DATA_DIR: true when the cluster in DATA_DIR is running.
pg_running() {
  [ -f "$1/postmaster.pid" ] && pg_as_owner "$(pg_bin_dir)/pg_ctl" -D "$1" status >/dev/null 2>&1
}

# pg_start DATA_DIR PORT [EXTRA_SETTINGS...]: starts the cluster on 127.0.0.1:PORT and waits for it.
pg_start() {
  local data=$1 port=$2 bin
  shift 2
  bin=$(pg_bin_dir)
  if pg_running "$data"; then
    pg_log "already running ($data)"
    return 0
  fi
  local options="-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$data"
  local setting
  for setting in "$@"; do options="$options -c $setting"; done
  pg_as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -o "$options" -w -t 60 start >/dev/null \
    || { tail -n 20 "$data/server.log" >&2; return 1; }
  pg_log "listening on 127.0.0.1:$port"
}

# pg_stop DATA_DIR: fast shutdown (rolls back open transactions, keeps committed data).
pg_stop() {
  local data=$1 bin
  bin=$(pg_bin_dir) || return 0
  [ -f "$data/postmaster.pid" ] || return 0
  pg_as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# pg_psql DATA_DIR PORT SQL...: runs SQL as the superuser over the cluster's own socket.
pg_psql() {
  local data=$1 port=$2
  shift 2
  pg_as_owner "$(pg_bin_dir)/psql" -h "$data" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"
}

# Prints a TCP port on 127.0.0.1 that no socket uses, from the range given. Nothing may listen on
# it, and no connection may hold it either: the ranges the scripts pick from overlap Linux's
# ephemeral ports (32768-60999), so a port that a client connection holds (one of an earlier
# run's, still open or closing) refuses connections yet cannot be bound by a listener.
pg_free_port() {
  local low=${1:-20000} high=${2:-29999} port tries=0
  while [ $tries -lt 200 ]; do
    port=$((low + RANDOM % (high - low + 1)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && ! port_held "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
    tries=$((tries + 1))
  done
  return 1
}

# port_held PORT: whether any TCP socket, in any state, has PORT at either end (/proc/net/tcp
# and tcp6 write addresses as HEX_ADDRESS:HEX_PORT).
port_held() {
  grep -qs -- "$(printf ':%04X ' "$1")" /proc/net/tcp /proc/net/tcp6
}
