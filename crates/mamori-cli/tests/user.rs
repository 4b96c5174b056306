//! `mamori user token`: an API token from the command line, with or without an expiry, stored
//! only as its digest.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

#[allow(dead_code, reason = "support is shared by several test files")]
mod support;

use mamori_store::{ApiToken, HospitalId, SqliteStore, UserStore, token_digest};
use support::mamori;

const DAY_MICROS: i64 = 86_400 * 1_000_000;

/// The stored tokens of `login`, read behind the binary's back.
fn stored_tokens(data_dir: &std::path::Path, login: &str) -> Vec<ApiToken> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = SqliteStore::open(data_dir).await.unwrap();
        let tokens = store
            .list_api_tokens(&HospitalId::default_hospital(), Some(login))
            .await
            .unwrap();
        store.close().await;
        tokens
    })
}

/// The secret printed after "…: " on the creation line.
fn printed_secret(stdout: &str) -> String {
    let line = stdout
        .lines()
        .find(|line| line.contains("API"))
        .expect("a token line is printed");
    line.rsplit(' ').next().unwrap().trim().to_owned()
}

/// Runs `user token` with `extra` arguments; returns (exit code, stdout, stderr, stored tokens).
fn check(extra: &[&str], expected_code: i32, expected_days: Option<Option<i64>>) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mamori(&data, &["demo"]).ok();
    mamori(&data, &["user", "add", "alice", "--role", "editor"]).ok();
    let mut args = vec![
        "--lang",
        "en",
        "user",
        "token",
        "alice",
        "--label",
        "nightly export",
    ];
    args.extend_from_slice(extra);
    let run = mamori(&data, &args);
    assert_eq!(run.code, expected_code, "{extra:?}: {run:?}");
    let tokens = stored_tokens(&data, "alice");
    let Some(days) = expected_days else {
        assert!(
            tokens.is_empty(),
            "{extra:?}: nothing is written: {tokens:?}"
        );
        assert!(!run.stderr.is_empty(), "{extra:?}: the refusal says why");
        return;
    };
    assert_eq!(tokens.len(), 1, "{extra:?}");
    let token = &tokens[0];
    let secret = printed_secret(&run.stdout);
    assert_eq!(
        token.token_digest,
        token_digest(&secret),
        "only the digest is kept"
    );
    assert_eq!(token.label, "nightly export");
    let lifetime = token
        .expires_at
        .map(|at| (at.0 - token.created_at.0) / DAY_MICROS);
    assert_eq!(lifetime, days, "{extra:?}");
    assert_eq!(
        run.stdout.contains("Expires: "),
        days.is_some(),
        "{}",
        run.stdout
    );
}

#[test]
fn a_token_without_expires_days_never_expires() {
    check(&[], 0, Some(None));
}

#[test]
fn expires_days_sets_the_expiry_that_many_days_after_creation() {
    check(&["--expires-days", "30"], 0, Some(Some(30)));
    check(&["--expires-days", "3650"], 0, Some(Some(3650)));
}

#[test]
fn an_expiry_out_of_range_is_a_usage_error_and_writes_nothing() {
    check(&["--expires-days", "0"], 2, None);
    check(&["--expires-days", "3651"], 2, None);
    check(&["--expires-days", "soon"], 2, None);
}
