//! The "new since the last look" story, written once and run on SQLite and PostgreSQL: two
//! viewers of one hospital and a viewer of another mark alerts as seen; an alert that goes
//! away and comes back is forgotten in between; a KEV upgrade is a different key; an unknown
//! hospital is refused. (Listed by target kind: assets before connection points.)

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

fn key(kind: &str, id: &str, cve: &str, kev: bool) -> AlertKey {
    AlertKey {
        target_kind: kind.to_owned(),
        target_id: id.to_owned(),
        cve: cve.to_owned(),
        kev,
    }
}

fn keys(look: &AlertLook) -> Vec<(String, String, bool)> {
    look.seen
        .iter()
        .map(|s| (s.key.target_id.clone(), s.key.cve.clone(), s.key.kev))
        .collect()
}

fn owned(rows: &[(&str, &str, bool)]) -> Vec<(String, String, bool)> {
    rows.iter()
        .map(|(id, cve, kev)| ((*id).to_owned(), (*cve).to_owned(), *kev))
        .collect()
}

async fn alerts_seen_story<S: AlertSeenStore + LedgerStore>(backend: &Backend<S>) {
    let store = &backend.store;
    let a = HospitalId("alerts-a".to_owned());
    let b = HospitalId("alerts-b".to_owned());
    store.ensure_hospital(&a, "A").await.unwrap();
    store.ensure_hospital(&b, "B").await.unwrap();

    // Nobody has looked yet.
    let never = store.alert_look(&a, "nurse").await.unwrap();
    assert_eq!(never, AlertLook::default());

    let vpn = key("connection_point", "cp-vpn", "CVE-2022-42475", true);
    let emr = key("asset", "emr-db", "CVE-2023-0001", false);
    let first = store
        .mark_alerts_seen(&a, "nurse", &[vpn.clone(), emr.clone(), vpn.clone()])
        .await
        .unwrap();
    let look = store.alert_look(&a, "nurse").await.unwrap();
    assert_eq!(look.looked_at, Some(first));
    assert_eq!(look.alerts_then, 2, "a duplicate is kept once");
    assert_eq!(
        keys(&look),
        owned(&[
            ("emr-db", "CVE-2023-0001", false),
            ("cp-vpn", "CVE-2022-42475", true)
        ])
    );
    assert!(look.seen.iter().all(|s| s.seen_at == first));

    // Another viewer, and the same viewer name at another hospital, see nothing of it.
    assert!(store.alert_look(&a, "ciso").await.unwrap().seen.is_empty());
    assert!(store.alert_look(&b, "nurse").await.unwrap().seen.is_empty());

    // The EMR alert is gone at the next look (an exception, a patch): it is forgotten, and
    // the VPN alert keeps the time it was first seen.
    let second = store
        .mark_alerts_seen(&a, "nurse", std::slice::from_ref(&vpn))
        .await
        .unwrap();
    assert!(second >= first);
    let look = store.alert_look(&a, "nurse").await.unwrap();
    assert_eq!(look.looked_at, Some(second));
    assert_eq!(look.alerts_then, 1);
    assert_eq!(keys(&look), owned(&[("cp-vpn", "CVE-2022-42475", true)]));
    assert_eq!(look.seen[0].seen_at, first);

    // It comes back as a KEV: a new key, seen from this look on.
    let emr_kev = key("asset", "emr-db", "CVE-2023-0001", true);
    let third = store
        .mark_alerts_seen(&a, "nurse", &[vpn.clone(), emr_kev])
        .await
        .unwrap();
    let look = store.alert_look(&a, "nurse").await.unwrap();
    assert_eq!(
        keys(&look),
        owned(&[
            ("emr-db", "CVE-2023-0001", true),
            ("cp-vpn", "CVE-2022-42475", true)
        ])
    );
    assert_eq!(look.seen[0].seen_at, third);
    assert_eq!(look.seen[1].seen_at, first);

    // No alerts at all: the look is still recorded.
    store.mark_alerts_seen(&b, "nurse", &[]).await.unwrap();
    let look = store.alert_look(&b, "nurse").await.unwrap();
    assert!(look.looked_at.is_some() && look.seen.is_empty());

    // Thousands of alerts fit (chunked inserts).
    let many: Vec<AlertKey> = (0..2_500)
        .map(|n| key("asset", &format!("pc-{n:05}"), "CVE-2024-0001", n % 2 == 0))
        .collect();
    store.mark_alerts_seen(&b, "ciso", &many).await.unwrap();
    let look = store.alert_look(&b, "ciso").await.unwrap();
    assert_eq!(look.seen.len(), 2_500);
    assert_eq!(look.alerts_then, 2_500);

    match store
        .mark_alerts_seen(&HospitalId("nowhere".to_owned()), "nurse", &[vpn])
        .await
    {
        Err(StoreError::UnknownHospital(id)) => assert_eq!(id.0, "nowhere"),
        other => panic!("an unknown hospital was accepted: {other:?}"),
    }
}

#[tokio::test]
async fn alerts_seen_story_on_sqlite() {
    with_sqlite(|backend| async move { alerts_seen_story(&backend).await }).await;
}

#[tokio::test]
async fn alerts_seen_story_on_postgres() {
    with_postgres(|backend| async move { alerts_seen_story(&backend).await }).await;
}
