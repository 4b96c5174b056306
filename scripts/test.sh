#!/usr/bin/env bash
# The one command that runs every test of mamori (README "Quick start").
# Needs: the Rust toolchain, PostgreSQL reachable at MAMORI_TEST_DATABASE_URL
# (default postgres://postgres@127.0.0.1:5432/test) and the offline data in ../shared.
# Installs what the browser tests need (Debian chromium and fonts, npm playwright-core) when missing.
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

echo "== rustfmt"
cargo fmt --all -- --check

echo "== clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

# --- diagram: the PNG/PDF test needs a Japanese font (crates/mamori-cli/tests/diagram.rs) ---
if ! fc-list 2>/dev/null | grep -qi "cjk"; then
  echo "== fonts for the diagram (fonts-noto-cjk)"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-noto-cjk
fi

echo "== tests (SQLite and PostgreSQL story, real binary, schema freshness)"
cargo test --workspace --locked --no-fail-fast

# --- web: browser tests (owned by the web application; crates/mamori-web/e2e) ---
echo "== browser tests (real mamori serve on 127.0.0.1, Debian chromium driven by playwright-core)"
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "cjk"; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk
fi
(cd crates/mamori-web/e2e && npm ci --no-audit --no-fund)
cargo build --locked -p mamori-cli
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac
(cd crates/mamori-web/e2e && MAMORI_BIN="$target_dir/debug/mamori" node --test --test-concurrency=1)
echo "screenshots: target/e2e-screenshots/"
