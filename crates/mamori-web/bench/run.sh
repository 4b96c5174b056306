#!/usr/bin/env bash
# Load benchmark of `mamori serve` on loopback: asset list, asset detail, dashboard and a
# search, on a generated 50,000-asset ledger, with 50 concurrent clients (wrk).
# Usage: crates/mamori-web/bench/run.sh [path/to/mamori] [assets] [seconds] [sqlite|postgres]
# Bounded: each run lasts SECONDS; the server is stopped at the end. Loopback only.
# postgres: a fresh database on MAMORI_BENCH_PG (default postgres://postgres@127.0.0.1:5432),
# dropped at the end.
set -euo pipefail
bin="${1:-target/release/mamori}"
assets="${2:-50000}"
seconds="${3:-15}"
backend="${4:-sqlite}"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install -y wrk)" >&2; exit 1; }
dir="$(mktemp -d)"
server=""
pg_base="${MAMORI_BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
pg_name="mamori_web_bench_$$"
store=(--data-dir "$dir")
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ "$backend" = postgres ] && psql "$pg_base/postgres" -qc "DROP DATABASE IF EXISTS $pg_name WITH (FORCE)" >/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
case "$backend" in
  sqlite) ;;
  postgres)
    psql "$pg_base/postgres" -qc "CREATE DATABASE $pg_name" >/dev/null
    store=(--data-dir "$dir" --database-url "$pg_base/$pg_name")
    ;;
  *) echo "backend must be sqlite or postgres" >&2; exit 2 ;;
esac

"$bin" "${store[@]}" --lang en demo --assets "$assets" >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$bin" "${store[@]}" --lang en serve --listen "127.0.0.1:$port" >"$dir/out.log" 2>"$dir/err.log" &
server=$!
for _ in $(seq 1 100); do grep -q "running at" "$dir/out.log" 2>/dev/null && break; sleep 0.2; done
password="$(sed -n 's/.*Password: \([^ ]*\).*/\1/p' "$dir/out.log")"
base="http://127.0.0.1:$port"
cookie="$(curl -s -o /dev/null -D - -H 'Sec-Fetch-Site: same-origin' \
  --data-urlencode login=admin --data-urlencode "password=$password" "$base/login" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(mamori_session=[^;]*\).*/\1/p')"
asset="$(curl -s -H "Cookie: $cookie" "$base/api/v1/assets?per_page=1&page=2000" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"
echo "backend: $backend; ledger: $assets assets; asset detail: $asset; $seconds s per endpoint, 50 connections, 2 threads"
# Warm the ledger cache once (the first request after a start loads the ledger).
curl -s -o /dev/null -H "Cookie: $cookie" "$base/"
for path in "/assets" "/assets?page=500&sort=name" "/assets?q=10.1" "/assets/$asset" "/" "/api/v1/assets?per_page=50"; do
  echo "== GET $path"
  wrk -t 2 -c 50 -d "${seconds}s" --latency -H "Cookie: $cookie" "$base$path" |
    grep -E "Requests/sec|Non-2xx|50%|90%|99%|Latency  "
done
