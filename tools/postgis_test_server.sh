#!/bin/bash
# Throwaway PostgreSQL 15 + PostGIS server for tests.
#
#   tools/postgis_test_server.sh start STATE_DIR
#   tools/postgis_test_server.sh stop  STATE_DIR
#
# start: initdb + pg_ctl a private cluster, listening on 127.0.0.1 only (no Unix socket)
#   on a free non-default port (from $HOTSPOT_PG_PORT, default 55433, upwards), trust
#   authentication for 127.0.0.1, database hotspot_test with the postgis extension.
#   On success writes STATE_DIR/conninfo, one line, usable by GDAL and (without "PG:") libpq:
#     PG:host=127.0.0.1 port=55433 dbname=hotspot_test user=postgres
#   If the server cannot be made (binaries or PostGIS missing, initdb fails, ...) it writes
#   a one-line reason to STATE_DIR/skip_reason, no conninfo, and exits 0, so the test that
#   depends on it reports SKIPPED with that reason instead of passing silently.
#   Running start again while the server is up changes nothing.
# stop: stops the server and removes its data directory, conninfo and skip_reason.
#   Exit 0 also when nothing was running.
#
# PostgreSQL refuses to run as root, so as root the cluster is run by the `postgres` OS
# user (runuser); as any other user it runs as that user. The database superuser is
# always called "postgres" (initdb -U). No data is loaded: tests do that themselves.
#
# Environment: HOTSPOT_PG_BINDIR (default /usr/lib/postgresql/15/bin),
#              HOTSPOT_PG_PORT (first port to try, default 55433).

set -u

action=${1:-}
state_dir=${2:-}
if [[ ( $action != start && $action != stop ) || -z $state_dir ]]; then
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
fi

bindir=${HOTSPOT_PG_BINDIR:-/usr/lib/postgresql/15/bin}
first_port=${HOTSPOT_PG_PORT:-55433}
db=hotspot_test

mkdir -p "$state_dir" || { echo "$0: cannot create $state_dir" >&2; exit 1; }
state_dir=$(cd "$state_dir" && pwd)

# One start/stop at a time per STATE_DIR (parallel ctest runs share fixtures). The
# server must not inherit fd 9, or it would hold the lock for its whole life.
exec 9>"$state_dir/.lock"
flock 9

if [[ $(id -u) -eq 0 ]]; then
    pg_user=postgres
    as_pg() { runuser -u postgres -- "$@"; }
else
    pg_user=$(id -un)
    as_pg() { "$@"; }
fi

skip() {
    echo "$*" > "$state_dir/skip_reason"
    rm -f "$state_dir/conninfo"
    echo "$0: skipping PostGIS tests: $*" >&2
    exit 0
}

datadir_of() {
    if [[ -f $state_dir/datadir ]]; then cat "$state_dir/datadir"; fi
}

is_running() {
    local d=$1
    [[ -n $d && -f $d/PG_VERSION ]] && as_pg "$bindir/pg_ctl" -D "$d" status >/dev/null 2>&1
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

do_stop() {
    local d
    d=$(datadir_of)
    if [[ -n $d && -d $d ]]; then
        if is_running "$d"; then
            as_pg "$bindir/pg_ctl" -D "$d" -m fast -w stop >/dev/null 2>&1
        fi
        rm -rf "$d"
    fi
    rm -f "$state_dir/conninfo" "$state_dir/skip_reason" "$state_dir/datadir" \
        "$state_dir/postgres.log"
    rmdir "$state_dir/tmpdir" 2>/dev/null
    return 0
}

if [[ $action == stop ]]; then
    do_stop
    exit 0
fi

# ---- start ----
datadir=$(datadir_of)
if [[ -f $state_dir/conninfo ]] && is_running "$datadir"; then
    exit 0   # already up
fi
do_stop   # clear a half-made or crashed previous attempt
rm -f "$state_dir/skip_reason"

for b in initdb pg_ctl postgres; do
    [[ -x $bindir/$b ]] || skip "PostgreSQL server binary $bindir/$b not found (install postgresql-15)"
done
command -v psql >/dev/null || skip "psql not found (install postgresql-client-15)"
if [[ $pg_user == postgres ]] && ! id postgres >/dev/null 2>&1; then
    skip "running as root but there is no 'postgres' OS user to run the server"
fi
sharedir=$("$bindir/pg_config" --sharedir 2>/dev/null || echo /usr/share/postgresql/15)
if ! ls "$sharedir"/extension/postgis.control >/dev/null 2>&1; then
    skip "PostGIS extension not installed in $sharedir/extension (install postgresql-15-postgis-3)"
fi

# The data directory lives in STATE_DIR when the server user can write there, else in a
# fresh directory under /tmp (e.g. STATE_DIR's parents are not searchable by postgres).
datadir=$state_dir/pgdata
if [[ $pg_user == postgres ]]; then
    chown postgres: "$state_dir" 2>/dev/null
    if ! runuser -u postgres -- test -w "$state_dir" 2>/dev/null; then
        datadir=$(mktemp -d /tmp/hotspot-pgdata.XXXXXX) || skip "mktemp failed"
        chown postgres: "$datadir"
        rmdir "$datadir"
    fi
fi
echo "$datadir" > "$state_dir/datadir"

if ! as_pg "$bindir/initdb" -D "$datadir" -U postgres --auth=trust -E UTF8 --locale=C \
        > "$state_dir/initdb.log" 2>&1; then
    reason="initdb failed: $(tail -n 1 "$state_dir/initdb.log")"
    do_stop
    skip "$reason"
fi
rm -f "$state_dir/initdb.log"

# TCP on 127.0.0.1 only; no Unix socket (avoids socket path length and /var/run permissions).
cat > "$datadir/pg_hba.conf" <<'EOF'
# hotspot test server: local test connections only, no password
host    all    all    127.0.0.1/32    trust
EOF
cat >> "$datadir/postgresql.conf" <<'EOF'

# hotspot test server
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 64MB
max_connections = 20
EOF

logfile=$datadir/postgres.log
port=""
for ((p = first_port; p < first_port + 50; p++)); do
    port_in_use "$p" && continue
    if as_pg "$bindir/pg_ctl" -D "$datadir" -l "$logfile" -w -t 60 -o "-p $p" start >/dev/null 2>&1 9>&-; then
        port=$p
        break
    fi
    # Lost a race for the port to another process, or a real failure: look at the log.
    if ! grep -q -i "address already in use\|could not bind\|could not create listen" "$logfile" 2>/dev/null; then
        break
    fi
done
if [[ -z $port ]]; then
    reason="PostgreSQL server did not start: $(grep -m1 -i 'FATAL\|ERROR' "$logfile" 2>/dev/null || echo 'see log')"
    log_copy=$(cat "$logfile" 2>/dev/null)
    do_stop
    printf '%s\n' "$log_copy" > "$state_dir/postgres.log"   # kept for diagnosis until stop
    skip "$reason"
fi
echo "port = $port" >> "$datadir/postgresql.conf"   # so a plain pg_ctl restart keeps it

psql_do() {
    PGCONNECT_TIMEOUT=10 psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"
}
if ! out=$(psql_do -d postgres -c "CREATE DATABASE $db" 2>&1); then
    do_stop
    skip "CREATE DATABASE $db failed: $(echo "$out" | head -n 1)"
fi
if ! out=$(psql_do -d "$db" -c "CREATE EXTENSION IF NOT EXISTS postgis" 2>&1); then
    do_stop
    skip "CREATE EXTENSION postgis failed: $(echo "$out" | head -n 1)"
fi

echo "PG:host=127.0.0.1 port=$port dbname=$db user=postgres" > "$state_dir/conninfo"
exit 0
