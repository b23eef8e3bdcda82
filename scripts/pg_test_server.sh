#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback for the Logbook tests.
#
#   scripts/pg_test_server.sh start DIR [PORT]   init (if needed) and start; prints the URL
#   scripts/pg_test_server.sh stop DIR           stop it
#
# Uses Debian's postgresql binaries (/usr/lib/postgresql/<version>/bin). As
# root the server runs as the `postgres` system user (initdb refuses root).
# Trust authentication on 127.0.0.1 only: a test server, never a real one.
set -euo pipefail

action=${1:?start|stop}
dir=${2:?data directory}
port=${3:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [[ -z "$bin" ]]; then
    echo "ERROR: PostgreSQL server binaries not found (Debian package postgresql)" >&2
    exit 1
fi
run=()
if [[ $(id -u) -eq 0 ]]; then
    run=(runuser -u postgres --)
fi

case "$action" in
start)
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres "$dir"; fi
    if [[ ! -f "$dir/PG_VERSION" ]]; then
        "${run[@]}" "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
    fi
    "${run[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir" start >/dev/null
    "${run[@]}" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'tpmap_test'" | grep -q 1 ||
        "${run[@]}" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE tpmap_test"
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/tpmap_test"
    ;;
stop)
    "${run[@]}" "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    ;;
*)
    echo "usage: $0 start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
