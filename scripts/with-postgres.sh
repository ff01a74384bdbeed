#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on a loopback port, then stop and delete it,
# whatever happened. Usage: scripts/with-postgres.sh <command...>
# The command sees DATABASE_URL pointing at the cluster.
set -euo pipefail

find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local candidate
  candidate=$(ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$candidate" ] && echo "$candidate"
}

if [ -z "$(find_bin initdb)" ]; then
  echo "with-postgres: PostgreSQL server binaries not found; installing Debian's postgresql package" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q postgresql >/dev/null
fi
INITDB=$(find_bin initdb)
PG_CTL=$(find_bin pg_ctl)

# initdb refuses to run as root: run the server as the 'postgres' system user when we are root.
AS_OWNER=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  AS_OWNER=(runuser -u postgres --)
fi

PGTMP=$(mktemp -d /tmp/ipsgate-pg.XXXXXX)
chmod 755 "$PGTMP"
[ "$(id -u)" -eq 0 ] && chown postgres "$PGTMP"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  "${AS_OWNER[@]}" "$PG_CTL" -D "$PGTMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
trap cleanup EXIT INT TERM

"${AS_OWNER[@]}" "$INITDB" -D "$PGTMP/data" -U ipsgate --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
# fsync off: this cluster is thrown away after the run, so durability buys nothing here.
"${AS_OWNER[@]}" "$PG_CTL" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -o \
  "-c listen_addresses=127.0.0.1 -p $PORT -k $PGTMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
echo "with-postgres: PostgreSQL on 127.0.0.1:$PORT (data in $PGTMP)" >&2

export DATABASE_URL="postgres://ipsgate@127.0.0.1:$PORT/postgres"
"$@"
