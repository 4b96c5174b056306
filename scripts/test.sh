#!/usr/bin/env bash
# The one command that runs every test of mamori (README "Quick start").
# Needs: the Rust toolchain, PostgreSQL reachable at MAMORI_TEST_DATABASE_URL
# (default postgres://postgres@127.0.0.1:5432/test) and the offline data in ../shared.
# Installs what the tests need when missing: Debian chromium and CJK fonts (browser tests, diagram
# PNG/PDF), Debian gringo (the attack-path oracle), poppler-utils (reads the checklist PDF back),
# npm playwright-core.
set -euo pipefail
cd "$(dirname "$0")/.."

export MAMORI_TEST_DATABASE_URL="${MAMORI_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

echo "== PostgreSQL at ${MAMORI_TEST_DATABASE_URL}"
if command -v pg_isready >/dev/null 2>&1; then
  pg_isready -h 127.0.0.1 -p 5432 || {
    echo "PostgreSQL is not running on 127.0.0.1:5432; the storage story test needs it." >&2
    exit 1
  }
fi

# One apt-get for every Debian package the tests use.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "cjk" || missing+=(fonts-noto-cjk)
command -v gringo >/dev/null 2>&1 || missing+=(gringo)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

echo "== rustfmt"
cargo fmt --all -- --check

echo "== clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== tests (SQLite and PostgreSQL story, real binary, schema freshness)"
cargo test --workspace --locked --no-fail-fast

# --- web: browser tests (owned by the web application; crates/mamori-web/e2e) ---
echo "== browser tests (real mamori serve on 127.0.0.1, Debian chromium driven by playwright-core)"
(cd crates/mamori-web/e2e && npm ci --no-audit --no-fund)
cargo build --locked -p mamori-cli
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac
(cd crates/mamori-web/e2e && MAMORI_BIN="$target_dir/debug/mamori" node --test --test-concurrency=1)
echo "screenshots: target/e2e-screenshots/"
