#!/usr/bin/env bash
# Makes sure a local PostgreSQL (Debian's package) is installed and running, that the current OS user has a
# role (peer authentication over the Unix socket: no password anywhere), and that database $1 exists.
# Prints the connection string on stdout; everything else goes to stderr.
set -euo pipefail
db="${1:-beacon}"
log() { echo "[postgres] $*" >&2; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "PostgreSQL is not installed; installing Debian's postgresql package"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
fi

if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
  log "creating cluster $version/main"
  pg_createcluster "$version" main >&2
fi

read -r version cluster port status _ < <(pg_lsclusters -h | head -1)
if [ "$status" != "online" ]; then
  log "starting cluster $version/$cluster on port $port"
  pg_ctlcluster "$version" "$cluster" start >&2 || true
fi
for _ in $(seq 1 60); do
  pg_isready -q -h /var/run/postgresql -p "$port" && break
  sleep 0.5
done
pg_isready -q -h /var/run/postgresql -p "$port" || { log "PostgreSQL did not become ready on port $port"; exit 1; }

user="$(id -un)"
as_postgres() {
  if [ "$user" = "postgres" ]; then "$@";
  elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@";
  else sudo -u postgres "$@"; fi
}
if ! as_postgres psql -p "$port" -qtAc "SELECT 1 FROM pg_roles WHERE rolname = '$user'" | grep -q 1; then
  log "creating role $user"
  as_postgres psql -p "$port" -qc "CREATE ROLE \"$user\" LOGIN CREATEDB" >&2
fi
# Several Beacon processes (web, workers, tests in parallel) each keep a pool: allow more than the default 100.
if [ "$(as_postgres psql -p "$port" -qtAc "SHOW max_connections")" -lt 300 ]; then
  log "raising max_connections to 300 (restarts the cluster)"
  as_postgres psql -p "$port" -qc "ALTER SYSTEM SET max_connections = 300" >&2
  pg_ctlcluster "$version" "$cluster" restart >&2
  for _ in $(seq 1 60); do pg_isready -q -h /var/run/postgresql -p "$port" && break; sleep 0.5; done
fi
# Tests drop their databases WITH (FORCE), which needs the right to end other sessions.
as_postgres psql -p "$port" -qc "GRANT pg_signal_backend TO \"$user\"" >/dev/null 2>&1 || true
if ! as_postgres psql -p "$port" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
  log "creating database $db"
  as_postgres psql -p "$port" -qc "CREATE DATABASE \"$db\" OWNER \"$user\"" >&2
fi
echo "Host=/var/run/postgresql;Port=$port;Database=$db;Username=$user"
