#!/usr/bin/env bash
# A private Virtuoso (Debian's virtuoso-opensource) for tests and benchmarks.
#
# Usage:
#   scripts/virtuoso.sh start DIR PORT   write DIR/virtuoso.ini and start a server on
#                                        127.0.0.1: SPARQL over HTTP on PORT, SQL (isql)
#                                        on PORT+1; its database lives in DIR
#   scripts/virtuoso.sh wait  DIR PORT   wait (up to $VIRTUOSO_WAIT seconds, default 120)
#                                        until http://127.0.0.1:PORT/sparql answers
#   scripts/virtuoso.sh stop  DIR PORT   stop the server started in DIR
#   scripts/virtuoso.sh load  DIR PORT FILE GRAPH
#                                        bulk-load an N-Triples FILE into GRAPH with
#                                        Virtuoso's own loader (fast; for benchmarks)
#
# The server listens only on 127.0.0.1. Queries and updates go to
# http://127.0.0.1:PORT/sparql-auth as the dba account with HTTP digest
# authentication (user dba, password dba: a throwaway database, never exposed);
# kg reads them from KG_STORE_USER / KG_STORE_PASSWORD. /sparql answers
# anonymous, read-only queries.
set -euo pipefail

command=${1:?usage: virtuoso.sh start|wait|stop|load DIR PORT [FILE GRAPH]}
dir=${2:?missing DIR}
port=${3:?missing PORT}
sql_port=$((port + 1))
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

isql() {
    isql-vt "127.0.0.1:$sql_port" dba dba "$@"
}

case "$command" in
start)
    if [ -f "$dir/virtuoso.pid" ] && kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null; then
        echo "virtuoso already running in $dir" >&2
        exit 0
    fi
    mkdir -p "$dir/load"
    cat >"$dir/virtuoso.ini" <<EOF
[Database]
DatabaseFile         = $dir/virtuoso.db
ErrorLogFile         = $dir/virtuoso.log
LockFile             = $dir/virtuoso.lck
TransactionFile      = $dir/virtuoso.trx
xa_persistent_file   = $dir/virtuoso.pxa
ErrorLogLevel        = 7
FileExtend           = 200
MaxCheckpointRemap   = 2000
Striping             = 0
TempStorage          = TempDatabase

[TempDatabase]
DatabaseFile         = $dir/virtuoso-temp.db
TransactionFile      = $dir/virtuoso-temp.trx
MaxCheckpointRemap   = 2000
Striping             = 0

[Parameters]
ServerPort           = 127.0.0.1:$sql_port
DisableUnixSocket    = 1
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
AllowOSCalls         = 0
DirsAllowed          = ., $dir/load
NumberOfBuffers      = ${VIRTUOSO_BUFFERS:-85000}
MaxDirtyBuffers      = ${VIRTUOSO_DIRTY_BUFFERS:-65000}
MaxQueryMem          = 1G
ThreadsPerQuery      = 2
VADInstallDir        = /usr/share/virtuoso-opensource-7/vad/

[HTTPServer]
ServerPort           = 127.0.0.1:$port
ServerRoot           = $dir
MaxClientConnections = 10
ServerThreads        = 10
EnabledDavVSP        = 0
HTTPProxyEnabled     = 0
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 120
DefaultGraph               = http://localhost:$port/dataspace
EOF
    (cd "$dir" && nohup virtuoso-t +foreground +configfile "$dir/virtuoso.ini" \
        >"$dir/stdout.log" 2>&1 &
        echo $! >"$dir/virtuoso.pid")
    echo "virtuoso starting in $dir (pid $(cat "$dir/virtuoso.pid")), SPARQL on 127.0.0.1:$port"
    ;;
wait)
    limit=${VIRTUOSO_WAIT:-120}
    for _ in $(seq "$limit"); do
        if python3 - "$port" <<'EOF' 2>/dev/null; then
import sys, urllib.parse, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/sparql?" + urllib.parse.urlencode(
    {"query": "ASK { }", "format": "application/sparql-results+json"})
with urllib.request.urlopen(url, timeout=5) as answer:
    sys.exit(0 if answer.status == 200 else 1)
EOF
            echo "virtuoso answers on 127.0.0.1:$port"
            exit 0
        fi
        if [ -f "$dir/virtuoso.pid" ] && ! kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null; then
            echo "virtuoso stopped while starting; see $dir/virtuoso.log" >&2
            tail -20 "$dir/virtuoso.log" >&2 || true
            exit 1
        fi
        sleep 1
    done
    echo "virtuoso did not answer on 127.0.0.1:$port within $limit s" >&2
    exit 1
    ;;
stop)
    if [ -f "$dir/virtuoso.pid" ]; then
        pid=$(cat "$dir/virtuoso.pid")
        isql exec="shutdown();" >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
        for _ in $(seq 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 1
        done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$dir/virtuoso.pid"
        echo "virtuoso stopped"
    fi
    ;;
load)
    file=${4:?missing FILE}
    graph=${5:?missing GRAPH}
    name=$(basename "$file")
    ln -f "$file" "$dir/load/$name" 2>/dev/null || cp "$file" "$dir/load/$name"
    isql exec="DELETE FROM DB.DBA.load_list WHERE ll_file LIKE '%/$name'; \
ld_dir('$dir/load', '$name', '$graph'); rdf_loader_run(); checkpoint;" >/dev/null
    state=$(isql exec="SELECT ll_state, ll_error FROM DB.DBA.load_list WHERE ll_file LIKE '%/$name';")
    if ! grep -Eq "^2 +NULL" <<<"$state"; then
        echo "loading $file failed:" >&2
        echo "$state" >&2
        exit 1
    fi
    rm -f "$dir/load/$name"
    ;;
*)
    echo "unknown command '$command': use start, wait, stop or load" >&2
    exit 2
    ;;
esac
