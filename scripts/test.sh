#!/usr/bin/env bash
# The one command that runs every test of mamori (README "Quick start").
# Needs: the Rust toolchain and PostgreSQL reachable at MAMORI_TEST_DATABASE_URL
# (default postgres://postgres@127.0.0.1:5432/test). Installs nothing else yet.
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

echo "== tests (SQLite and PostgreSQL story, real binary, schema freshness)"
cargo test --workspace --locked --no-fail-fast
