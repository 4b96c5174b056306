#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for SECONDS each (default 300), one after another,
# starting from the kept seeds in fuzz/corpus/NAME. A crash stops with libFuzzer's report and
# leaves the input in fuzz/artifacts/NAME/; copy it to fuzz/regressions/NAME/ so the replay
# test (crates/mamori-fuzz/tests/replay.rs) keeps it fixed.
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The machine's toolchain is stable; libFuzzer's
# sanitizer flags are nightly-only, so RUSTC_BOOTSTRAP=1 lets stable rustc accept them.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-300}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || mapfile -t targets < <(RUSTC_BOOTSTRAP=1 cargo fuzz list)
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
broken=()
for target in "${targets[@]}"; do
  echo "== $target ($seconds s)"
  work="$(mktemp -d)"
  cp -r "corpus/$target/." "$work/"
  if ! cargo fuzz run -O "$target" "$work" -- -max_total_time="$seconds" -rss_limit_mb=2048 \
    -max_len=262144 -timeout=20 -print_final_stats=1 >"$work.log" 2>&1; then
    broken+=("$target")
    grep -E -A3 "panicked at|ERROR: libFuzzer" "$work.log" | head -20
    ls "artifacts/$target/"
  fi
  grep -E "^#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss_mb" "$work.log" | tail -3
  rm -rf "$work" "$work.log"
done
if [ "${#broken[@]}" -gt 0 ]; then
  echo "broken laws in: ${broken[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
