#!/usr/bin/env bash
# Measures import and export of a generated 50,000-asset ledger (JSON and CSV) on SQLite and
# PostgreSQL with the real release binary, and writes docs/benchmarks.md.
# Usage: scripts/bench-ledger.sh [ASSETS]   (PostgreSQL at MAMORI_BENCH_PG, default 127.0.0.1 as postgres)
set -euo pipefail
cd "$(dirname "$0")/.."
ASSETS="${1:-50000}"
PG_BASE="${MAMORI_BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
cargo build --release --locked --bin mamori >/dev/null
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac
BIN="$target_dir/release/mamori"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ROWS=()

# measure LABEL BACKEND CMD… → appends "| label | backend | seconds | peak MiB |"
measure() {
  local label="$1" backend="$2"; shift 2
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  read -r seconds kib <"$WORK/time"
  ROWS+=("| $label | $backend | $seconds | $((kib / 1024)) |")
  echo "$label [$backend]: ${seconds}s, $((kib / 1024)) MiB" >&2
}

pg_url() {
  local name="mamori_bench_$1_$$"
  psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $name" >/dev/null
  psql "$PG_BASE/postgres" -qc "CREATE DATABASE $name" >/dev/null
  echo "$PG_BASE/$name"
}

drop_pg() { psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS mamori_bench_$1_$$ WITH (FORCE)" >/dev/null; }

# The source ledger, written once on SQLite.
measure "generate and write $ASSETS-asset hospital (demo --assets)" sqlite \
  "$BIN" --data-dir "$WORK/source" demo --assets "$ASSETS"
measure "export JSON" sqlite "$BIN" --data-dir "$WORK/source" export --format json --out "$WORK/ledger.json"
measure "export CSV (one file per kind)" sqlite "$BIN" --data-dir "$WORK/source" export --format csv --out "$WORK/csv"
measure "export XLSX" sqlite "$BIN" --data-dir "$WORK/source" export --format xlsx --out "$WORK/ledger.xlsx"
CSV_FILES=("$WORK"/csv/*.csv)

measure "import JSON into an empty store" sqlite "$BIN" --data-dir "$WORK/json-sqlite" import "$WORK/ledger.json"
measure "import CSV (all kinds) into an empty store" sqlite "$BIN" --data-dir "$WORK/csv-sqlite" import "${CSV_FILES[@]}"
measure "re-import the same JSON (no changes)" sqlite "$BIN" --data-dir "$WORK/json-sqlite" import "$WORK/ledger.json"
measure "audit verify" sqlite "$BIN" --data-dir "$WORK/json-sqlite" audit verify

url="$(pg_url json)"
measure "import JSON into an empty store" postgres "$BIN" --database-url "$url" import "$WORK/ledger.json"
measure "export JSON" postgres "$BIN" --database-url "$url" export --format json --out "$WORK/pg.json"
measure "export CSV (one file per kind)" postgres "$BIN" --database-url "$url" export --format csv --out "$WORK/pg-csv"
measure "re-import the same JSON (no changes)" postgres "$BIN" --database-url "$url" import "$WORK/ledger.json"
measure "audit verify" postgres "$BIN" --database-url "$url" audit verify
drop_pg json
url="$(pg_url csv)"
measure "import CSV (all kinds) into an empty store" postgres "$BIN" --database-url "$url" import "${CSV_FILES[@]}"
drop_pg csv
cmp -s "$WORK/ledger.json" "$WORK/pg.json" || { echo "PostgreSQL export differs from the SQLite one" >&2; exit 1; }

records=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1]))['ledger']; print(sum(len(v) for k,v in d.items() if isinstance(v,list)))" "$WORK/ledger.json")
{
  echo "## Ledger import and export"
  echo
  echo "Measured by \`scripts/bench-ledger.sh $ASSETS\` with the release binary on $(date -u +%Y-%m-%d),"
  echo "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load average $(cut -d' ' -f1 /proc/loadavg) at the end;"
  echo "wall time and peak resident memory from \`/usr/bin/time\`. The generated ledger: $ASSETS assets,"
  echo "$records records in all; JSON $(du -h "$WORK/ledger.json" | cut -f1), XLSX $(du -h "$WORK/ledger.xlsx" | cut -f1)."
  echo "Each import validates the whole ledger, diffs it against the store and writes every record"
  echo "and its hash-chained audit entry in one transaction. Target (issue 3): import under 5 s and"
  echo "peak memory under 500 MB."
  echo
  echo "| workload | backend | seconds | peak MiB |"
  echo "|---|---|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
  echo
} > "$WORK/section.md"
# Only this script's section is replaced; every other section of the file is kept as written.
python3 - "$WORK/section.md" docs/benchmarks.md <<'PY'
import re, sys
section = open(sys.argv[1], encoding="utf-8").read()
path = sys.argv[2]
try:
    text = open(path, encoding="utf-8").read()
except FileNotFoundError:
    text = "# Benchmarks\n\n"
pattern = re.compile(r"^## Ledger import and export\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda _: section, text, count=1) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
open(path, "w", encoding="utf-8").write(text)
PY
echo "wrote docs/benchmarks.md" >&2
