#!/usr/bin/env bash
# Measures vulnerability feed import and ledger matching with the real release binary on
# SQLite: the Anchore NVD-overrides archive (32k CVEs), the 2023 CVE JSON 5 archive (12k
# records), the KEV catalog and the small NVD/CVE 5/JVN sets, then a full re-match of a
# generated ledger (the whole command, and phase by phase with the `vuln_phases` example:
# load, parse, index, match). Writes the table into crates/mamori-vuln/BENCHMARKS.md (between the
# bench-vuln markers; the lead merges it into docs/benchmarks.md).
# Usage: scripts/bench-vuln.sh [ASSETS]   (default 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
ASSETS="${1:-20000}"
DATA="$PWD/../shared/data/vuln"
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release --locked -j 2 -p mamori-cli --bin mamori --example vuln_phases >/dev/null
BIN="$TARGET/release/mamori"
PHASES_BIN="$TARGET/release/examples/vuln_phases"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ROWS=()

# measure LABEL CMD… → appends "| label | seconds | peak MiB |"
measure() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  read -r seconds kib <"$WORK/time"
  ROWS+=("| $label | $seconds | $((kib / 1024)) |")
  echo "$label: ${seconds}s, $((kib / 1024)) MiB" >&2
}

M=("$BIN" --data-dir "$WORK/data" --lang en)
"${M[@]}" demo --assets "$ASSETS" >/dev/null
measure "feed import: Anchore NVD overrides (.tar.xz, 32,184 files)" "${M[@]}" feed import "$DATA/scale/anchore-nvd-data-overrides.tar.xz"
measure "feed import: vulnrichment 2023 CVE 5 (.tar.xz, 12,028 files)" "${M[@]}" feed import "$DATA/scale/vulnrichment-2023-cve5.tar.xz"
measure "feed import: KEV + NVD subset + 275 CVE 5 + JVN samples" "${M[@]}" feed import "$DATA/kev/known_exploited_vulnerabilities.json" "$DATA/nvd" "$DATA/vulnrichment/records" "$DATA/jvn-samples"
measure "feed re-import of the Anchore archive (no-op)" "${M[@]}" feed import "$DATA/scale/anchore-nvd-data-overrides.tar.xz"
measure "vuln match, $ASSETS-asset ledger, JSON to a file (load ledger + feeds, index, match)" "${M[@]}" vuln match --format json --out "$WORK/findings.json"
FINDINGS=$(grep -c '"asset_id"' "$WORK/findings.json" || true)
measure "vuln match --alerts, table" "${M[@]}" vuln match --alerts
measure "vuln alerts (alert list, new since the last look)" "${M[@]}" vuln alerts
measure "vuln alerts --mark-seen" "${M[@]}" vuln alerts --mark-seen
measure "vuln match, JSON to /dev/null" "${M[@]}" vuln match --format json --out /dev/null
"$PHASES_BIN" "$WORK/data" >"$WORK/phases" 2>&1
STATUS=$("${M[@]}" feed status | sed -n '2,8p')

TABLE="$WORK/table.md"
{
  echo "<!-- bench-vuln:start -->"
  echo "## Feeds in the database and ledger matching (\`scripts/bench-vuln.sh $ASSETS\`)"
  echo
  echo "Release binary, SQLite, measured with \`/usr/bin/time -f \"%e %M\"\` on $(nproc) cores, $(date -u +%Y-%m-%d)."
  echo "Ledger: \`mamori demo --assets $ASSETS\`; findings written: $FINDINGS."
  echo
  echo "| Step | Wall s | Peak MiB |"
  echo "|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Phase by phase (\`vuln_phases\` example, same data, one process, wall-clock):"
  echo
  echo '```'
  cat "$WORK/phases"
  echo '```'
  echo
  echo "Records per source after the imports:"
  echo
  echo '```'
  echo "$STATUS"
  echo '```'
  echo "<!-- bench-vuln:end -->"
} >"$TABLE"

OUT=crates/mamori-vuln/BENCHMARKS.md
if grep -q "bench-vuln:start" "$OUT"; then
  awk -v table="$TABLE" '
    /bench-vuln:start/ { while ((getline line < table) > 0) print line; skip = 1; next }
    /bench-vuln:end/ { skip = 0; next }
    !skip { print }' "$OUT" >"$WORK/new.md"
  cp "$WORK/new.md" "$OUT"
else
  { echo; cat "$TABLE"; } >>"$OUT"
fi
cat "$TABLE"
