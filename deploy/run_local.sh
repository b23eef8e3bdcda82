#!/usr/bin/env bash
# Start several Streamlit replicas of the dashboard and the open data service
# (python -m api, routed as /api/) on loopback and nginx in front of them, with
# the config rendered from deploy/nginx.conf.template into a temporary prefix. Runs in the foreground until Ctrl-C (or SIGTERM), then
# stops the replicas and nginx and removes the prefix.
#
#   deploy/run_local.sh            # replicas on 8601, 8602; data service on 8603;
#                                  # nginx on 127.0.0.1:8080
#
# Settings (environment):
#   TPMAP_REPLICA_PORTS="8601 8602"  one replica per port (127.0.0.1)
#   TPMAP_PROXY_PORT=8080     port nginx listens on (127.0.0.1)
#   TPMAP_API_PORT=8603       port of the data service (127.0.0.1), served as /api/
#   TPMAP_BUILD_DIR           the build folder all replicas read (read-only)
#   TPMAP_LOGBOOK_URL         the Logbook store all replicas share; use PostgreSQL,
#                             e.g. postgresql+psycopg://tpmap:PW@127.0.0.1:5432/tpmap
#                             (generated for this run when unset)
#   TPMAP_AUDIT_DB, TPMAP_AUTH, TPMAP_USERS_FILE ...  passed on unchanged
#   NGINX=/usr/sbin/nginx     the nginx binary
#   TPMAP_KEEP_PREFIX=1       keep the prefix (config, logs) after the run
#
# Prints "ready: URL prefix=DIR" once nginx answers; DIR holds nginx.conf,
# logs/ (nginx and one log per replica) and replica-PORT.pid files.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
read -r -a ports <<<"${TPMAP_REPLICA_PORTS:-8601 8602}"
proxy_port=${TPMAP_PROXY_PORT:-8080}
api_port=${TPMAP_API_PORT:-8603}
nginx=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
python=$root/.venv/bin/python
streamlit=$root/.venv/bin/streamlit

if [[ ! -x $nginx ]]; then
    echo "ERROR: nginx not found (apt-get install --no-install-recommends nginx)" >&2
    exit 1
fi
if [[ ! -x $streamlit ]]; then
    echo "ERROR: $streamlit not found: run \`make venv\` first" >&2
    exit 1
fi
build_dir=$(realpath "${TPMAP_BUILD_DIR:-data/build}")
if [[ ! -f $build_dir/tpmap.duckdb ]]; then
    echo "ERROR: no data store at $build_dir/tpmap.duckdb: run \`make data\` first" >&2
    exit 1
fi
export TPMAP_BUILD_DIR=$build_dir
if [[ -z ${TPMAP_LOGBOOK_URL:-} ]]; then
    echo "WARNING: TPMAP_LOGBOOK_URL is not set: the replicas share the default SQLite" \
        "Logbook file; set a PostgreSQL URL for a real deployment" >&2
fi
random_key() { "$python" -c 'import secrets; print(secrets.token_urlsafe(32))'; }
# Streamlit's own cookie secret (XSRF cookie), shared too; it reads it only from the environment.
export STREAMLIT_SERVER_COOKIE_SECRET=${STREAMLIT_SERVER_COOKIE_SECRET:-$(random_key)}

prefix=$(mktemp -d "${TMPDIR:-/tmp}/tpmap-deploy.XXXXXX")
chmod 755 "$prefix" # nginx workers (user nobody when started as root) read below it
mkdir -p "$prefix/logs" "$prefix/temp"
pids=()

cleanup() {
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    [[ -n ${TPMAP_KEEP_PREFIX:-} ]] || rm -rf "$prefix"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_for() { # URL SECONDS PID: poll until URL answers 200; fail if process PID ends first
    # In the background and waited for, so Ctrl-C stops the script at once.
    "$python" - "$@" <<'EOF' &
import sys, time, urllib.request
url, seconds, pid = sys.argv[1], float(sys.argv[2]), sys.argv[3]
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            ended = stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        ended = True
    if ended:
        sys.exit(f"process {pid} ended before {url} answered")
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.25)
sys.exit(f"no answer from {url} after {seconds:.0f} s")
EOF
    wait $!
}

# Migrate the Logbook store once, before the replicas: each would otherwise run the
# migrations when it first opens the store, possibly at the same moment as another.
if ! "$python" -m logbook upgrade >"$prefix/logs/logbook-upgrade.log" 2>&1; then
    cat "$prefix/logs/logbook-upgrade.log" >&2
    exit 1
fi

servers=""
for port in "${ports[@]}"; do
    "$streamlit" run "$root/serve.py" \
        --server.headless true \
        --server.address 127.0.0.1 \
        --server.port "$port" \
        --server.fileWatcherType none \
        --browser.gatherUsageStats false \
        >"$prefix/logs/replica-$port.log" 2>&1 &
    pids+=($!)
    echo $! >"$prefix/replica-$port.pid"
    servers+="        server 127.0.0.1:$port max_fails=3 fail_timeout=10s;"$'\n'
done

# The data service: one process (its rate limit per token is counted in it).
"$python" -m api --host 127.0.0.1 --port "$api_port" --proxy >"$prefix/logs/api.log" 2>&1 &
pids+=($!)
echo $! >"$prefix/api.pid"

conf=$(<"$root/deploy/nginx.conf.template")
conf=${conf//@PREFIX@/$prefix}
conf=${conf//@LISTEN@/127.0.0.1:$proxy_port}
conf=${conf//@SERVERS@/${servers%$'\n'}}
conf=${conf//@API@/        server 127.0.0.1:$api_port;}
printf '%s\n' "$conf" >"$prefix/nginx.conf"
"$nginx" -q -t -p "$prefix" -c "$prefix/nginx.conf"

for port in "${ports[@]}"; do
    if ! wait_for "http://127.0.0.1:$port/_stcore/health" 120 "$(<"$prefix/replica-$port.pid")"; then
        tail -n 20 "$prefix/logs/replica-$port.log" >&2
        exit 1
    fi
done
if ! wait_for "http://127.0.0.1:$api_port/api/conformance" 180 "$(<"$prefix/api.pid")"; then
    tail -n 20 "$prefix/logs/api.log" >&2
    exit 1
fi
"$nginx" -p "$prefix" -c "$prefix/nginx.conf" -g "daemon off;" &
nginx_pid=$!
pids+=("$nginx_pid")
wait_for "http://127.0.0.1:$proxy_port/_stcore/health" 30 "$nginx_pid"

echo "ready: http://127.0.0.1:$proxy_port prefix=$prefix replicas=${ports[*]} api=$api_port"
# Run as long as nginx does: a replica that stops is served around, not fatal.
wait "$nginx_pid"
