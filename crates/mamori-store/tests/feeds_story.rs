//! The feed and exception story, written once and run on SQLite and PostgreSQL: import,
//! re-import (a no-op), a newer and an older copy of a record, status, and the hash-chained
//! exception events of two hospitals.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

#[allow(
    dead_code,
    reason = "the ledger story uses the rest of the support module"
)]
mod support;

use mamori_store::*;
use support::{Backend, with_postgres, with_sqlite};

fn row(source: &str, id: &str, modified: Option<&str>, body: &str) -> FeedRow {
    FeedRow {
        source: source.to_owned(),
        id: id.to_owned(),
        modified: modified.map(str::to_owned),
        body: body.to_owned(),
    }
}

fn import(name: &str, sha: &str, problems: &[&str]) -> FeedImport {
    FeedImport {
        file_name: name.to_owned(),
        sha256: sha.to_owned(),
        sources: "nvd".to_owned(),
        actor: "tester".to_owned(),
        problems: problems.iter().map(|p| (*p).to_owned()).collect(),
    }
}

fn counts(inserted: i64, updated: i64, unchanged: i64, older: i64) -> ImportOutcome {
    ImportOutcome::Imported(ImportCounts {
        inserted,
        updated,
        unchanged,
        older,
    })
}

async fn feeds_story<S: FeedStore + ExceptionStore + LedgerStore>(backend: &Backend<S>) {
    let store = &backend.store;
    let first = [
        row(
            "nvd",
            "CVE-1",
            Some("2024-01-01T00:00:00"),
            r#"{"id":"CVE-1","v":1}"#,
        ),
        row(
            "nvd",
            "CVE-2",
            Some("2024-01-01T00:00:00"),
            r#"{"id":"CVE-2","v":1}"#,
        ),
        row("kev", "CVE-1", None, r#"{"cveID":"CVE-1"}"#),
    ];
    let outcome = store
        .import_feed(&import("a.json", "sha-a", &["CVE-9: bad"]), &first)
        .await
        .unwrap();
    assert_eq!(outcome, counts(3, 0, 0, 0));

    // The same bytes again: nothing is written, the earlier import is named.
    match store
        .import_feed(&import("copy-of-a.json", "sha-a", &[]), &first)
        .await
        .unwrap()
    {
        ImportOutcome::AlreadyImported(previous) => assert_eq!(previous.file_name, "a.json"),
        other => panic!("re-import wrote: {other:?}"),
    }

    // A newer CVE-1 replaces, an older CVE-2 does not, an identical KEV entry is unchanged.
    let second = [
        row(
            "nvd",
            "CVE-1",
            Some("2024-02-01T00:00:00"),
            r#"{"id":"CVE-1","v":2}"#,
        ),
        row(
            "nvd",
            "CVE-2",
            Some("2023-12-01T00:00:00"),
            r#"{"id":"CVE-2","v":0}"#,
        ),
        row("kev", "CVE-1", None, r#"{"cveID":"CVE-1"}"#),
        row("nvd", "CVE-3", None, r#"{"id":"CVE-3"}"#),
    ];
    let outcome = store
        .import_feed(&import("b.json", "sha-b", &[]), &second)
        .await
        .unwrap();
    assert_eq!(outcome, counts(1, 1, 1, 1));

    let stored = store.feed_record("CVE-1").await.unwrap();
    let bodies: Vec<(&str, &str)> = stored
        .iter()
        .map(|r| (r.source.as_str(), r.body.as_str()))
        .collect();
    assert_eq!(
        bodies,
        vec![
            ("kev", r#"{"cveID":"CVE-1"}"#),
            ("nvd", r#"{"id":"CVE-1","v":2}"#)
        ]
    );
    let cve2 = store.feed_record("CVE-2").await.unwrap();
    assert_eq!(cve2[0].body, r#"{"id":"CVE-2","v":1}"#);

    let status = store.feed_imports().await.unwrap();
    assert_eq!(status.len(), 2);
    let a = status.iter().find(|s| s.sha256 == "sha-a").unwrap();
    assert_eq!((a.records, a.problems), (3, 1));
    assert_eq!(a.problem_list, vec!["CVE-9: bad".to_owned()]);
    let per_source = store.feed_counts().await.unwrap();
    let summary: Vec<(&str, i64)> = per_source
        .iter()
        .map(|c| (c.source.as_str(), c.records))
        .collect();
    assert_eq!(summary, vec![("kev", 1), ("nvd", 3)]);
    let nvd = store.feed_bodies(&["nvd"]).await.unwrap();
    assert_eq!(nvd.len(), 3);

    exceptions_story(backend).await;
}

async fn exceptions_story<S: FeedStore + ExceptionStore + LedgerStore>(backend: &Backend<S>) {
    let store = &backend.store;
    let (a, b) = (
        HospitalId("feeds-a".to_owned()),
        HospitalId("feeds-b".to_owned()),
    );
    store.ensure_hospital(&a, "A病院").await.unwrap();
    store.ensure_hospital(&b, "B病院").await.unwrap();
    let unknown = HospitalId("nowhere".to_owned());
    assert!(
        store
            .append_exception_event(&unknown, "x", ExceptionAction::Add, "e", "{}")
            .await
            .is_err()
    );

    store
        .append_exception_event(&a, "it", ExceptionAction::Add, "exc-1", r#"{"n":1}"#)
        .await
        .unwrap();
    store
        .append_exception_event(&b, "it", ExceptionAction::Add, "exc-1", r#"{"n":"b"}"#)
        .await
        .unwrap();
    let revoked = store
        .append_exception_event(&a, "ciso", ExceptionAction::Revoke, "exc-1", "{}")
        .await
        .unwrap();
    assert_eq!(revoked.seq, 2);

    let events = store.exception_events(&a).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.action).collect::<Vec<_>>(),
        vec![ExceptionAction::Add, ExceptionAction::Revoke]
    );
    assert_eq!(broken_exception_event(&events), None);
    assert_eq!(store.exception_events(&b).await.unwrap().len(), 1);

    // An edit behind mamori's back breaks the chain at that event.
    backend
        .execute("UPDATE vuln_exception_events SET body = '{\"n\":2}' WHERE hospital_id = 'feeds-a' AND seq = 1")
        .await;
    let tampered = store.exception_events(&a).await.unwrap();
    assert_eq!(broken_exception_event(&tampered), Some(1));
}

#[tokio::test]
async fn feeds_story_on_sqlite() {
    with_sqlite(|backend| async move { feeds_story(&backend).await }).await;
}

#[tokio::test]
async fn feeds_story_on_postgres() {
    with_postgres(|backend| async move { feeds_story(&backend).await }).await;
}
