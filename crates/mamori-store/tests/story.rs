//! The storage story, written once and run on every backend: SQLite in a temporary data
//! directory and PostgreSQL in a fresh database on the server named by
//! `MAMORI_TEST_DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/test`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use mamori_core::*;
use mamori_store::*;
use support::{Backend, sample_ledger, with_postgres, with_sqlite};

fn meta(actor: &str, reason: &str) -> ChangeMeta {
    ChangeMeta {
        actor: actor.to_owned(),
        reason: reason.to_owned(),
    }
}

async fn audit_len<S: LedgerStore>(store: &S, hospital: &HospitalId) -> usize {
    store
        .audit_entries(hospital, 0, 1_000_000)
        .await
        .unwrap()
        .len()
}

async fn story<S: LedgerStore>(backend: &Backend<S>) {
    let store = &backend.store;
    let a = HospitalId("hospital-a".to_owned());
    let b = HospitalId("hospital-b".to_owned());
    store.ensure_hospital(&a, "A病院").await.unwrap();
    store.ensure_hospital(&b, "B病院").await.unwrap();
    store.ensure_hospital(&a, "A病院 again").await.unwrap();

    // First save creates every record, with one audit entry each.
    let first = sample_ledger();
    let summary = save_ledger(store, &a, &meta("admin", "initial"), &first)
        .await
        .unwrap();
    let record_count = first.to_record_bodies().unwrap().len();
    assert_eq!(summary.created, record_count);
    assert_eq!(load_ledger(store, &a, None).await.unwrap(), first);
    assert_eq!(audit_len(store, &a).await, record_count);

    // Tenants are isolated.
    assert_eq!(
        load_ledger(store, &b, None).await.unwrap(),
        Ledger::default()
    );
    let hospitals = store.list_hospitals().await.unwrap();
    assert_eq!(
        hospitals
            .iter()
            .map(|h| (h.id.0.as_str(), h.records))
            .collect::<Vec<_>>(),
        vec![("hospital-a", record_count as i64), ("hospital-b", 0)]
    );

    // Saving the same ledger again changes nothing.
    let again = save_ledger(store, &a, &meta("admin", "no-op"), &first)
        .await
        .unwrap();
    assert_eq!(
        (again.created, again.updated, again.deleted, again.at),
        (0, 0, 0, None)
    );
    let before_edit = summary.at.unwrap();

    // An edit: one update, one delete, one create.
    let mut second = first.clone();
    let emr_db = second
        .assets
        .iter_mut()
        .find(|asset| asset.id.as_str() == "A-EMR-DB")
        .unwrap();
    emr_db.os = Some(NameVersion {
        name: "Windows Server".into(),
        version: Some("2022".into()),
    });
    let mut new_asset = emr_db.clone();
    second
        .services
        .retain(|service| service.id.as_str() != "S-EMR-SMB");
    new_asset.id = AssetId::from("A-NEW");
    new_asset.asset_number = Some("K-999".into());
    new_asset.ip_addresses = vec!["10.10.0.99".parse().unwrap()];
    second.assets.push(new_asset);
    second.sort_canonical();
    let edit = save_ledger(store, &a, &meta("yamada", "OS更新"), &second)
        .await
        .unwrap();
    assert_eq!((edit.created, edit.updated, edit.deleted), (1, 1, 1));

    // The past is still readable; the present is the edit.
    assert_eq!(
        load_ledger(store, &a, Some(before_edit)).await.unwrap(),
        first
    );
    assert_eq!(load_ledger(store, &a, None).await.unwrap(), second);
    assert_eq!(
        load_ledger(store, &a, Some(Micros(before_edit.0 - 1)))
            .await
            .unwrap(),
        Ledger::default()
    );

    // History of the edited asset: two versions, who and why.
    let history = store
        .record_history(&a, &RecordRef::new(RecordKind::Assets, "A-EMR-DB"))
        .await
        .unwrap();
    let seen: Vec<(i64, &str, &str, bool)> = history
        .iter()
        .map(|v| {
            (
                v.version,
                v.actor.as_str(),
                v.reason.as_str(),
                v.valid_to.is_some(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (1, "admin", "initial", true),
            (2, "yamada", "OS更新", false)
        ]
    );

    // An invalid ledger is refused whole: nothing is written.
    let entries_before = audit_len(store, &a).await;
    let mut invalid = second.clone();
    invalid.assets[0].ip_addresses = vec!["192.168.99.1".parse().unwrap()];
    invalid.vendors[0].name = "changed".into();
    match save_ledger(store, &a, &meta("yamada", "bad"), &invalid).await {
        Err(StoreError::Invalid(problems)) => {
            assert_eq!(
                problems.iter().map(|p| p.code).collect::<Vec<_>>(),
                vec![ProblemCode::IpOutsideZone]
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(audit_len(store, &a).await, entries_before);
    assert_eq!(load_ledger(store, &a, None).await.unwrap(), second);

    // A stale writer gets a conflict and writes nothing.
    let stale = RecordOp::Put {
        record: RecordRef::new(RecordKind::Assets, "A-EMR-DB"),
        body: "{}".into(),
        expected_version: Some(1),
    };
    let fresh = RecordOp::Put {
        record: RecordRef::new(RecordKind::Vendors, "V-NEW"),
        body: "{}".into(),
        expected_version: None,
    };
    let conflict = store
        .commit_changes(&a, &meta("x", "stale"), &[fresh, stale])
        .await;
    assert!(
        matches!(
            conflict,
            Err(StoreError::Conflict {
                expected: Some(1),
                found: Some(2),
                ..
            })
        ),
        "{conflict:?}"
    );
    assert_eq!(audit_len(store, &a).await, entries_before);

    // The audit chain is intact, and editing a row behind mamori's back is detected.
    let report = verify_audit(store, &a).await.unwrap();
    assert!(report.is_intact(), "{:?}", report.violations);
    assert_eq!(report.entries, entries_before);
    assert!(verify_audit(store, &b).await.unwrap().is_intact());

    backend
        .execute(
            "UPDATE record_versions SET body = REPLACE(body, 'Windows Server', 'Linux') \
             WHERE hospital_id = 'hospital-a' AND record_id = 'A-EMR-DB' AND version = 2",
        )
        .await;
    let report = verify_audit(store, &a).await.unwrap();
    assert_eq!(report.violations.len(), 1, "{:?}", report.violations);
    assert!(matches!(
        &report.violations[0],
        AuditViolation::BodyAltered { version: 2, .. }
    ));

    backend
        .execute(
            "UPDATE audit_log SET actor = 'someone' WHERE hospital_id = 'hospital-a' AND seq = 2",
        )
        .await;
    let report = verify_audit(store, &a).await.unwrap();
    assert!(
        report
            .violations
            .contains(&AuditViolation::EntryAltered { seq: 2 }),
        "{:?}",
        report.violations
    );

    backend
        .execute("DELETE FROM audit_log WHERE hospital_id = 'hospital-a' AND seq = 3")
        .await;
    let report = verify_audit(store, &a).await.unwrap();
    assert!(report.violations.iter().any(|v| matches!(
        v,
        AuditViolation::SequenceGap {
            expected: 3,
            found: 4
        }
    )));
    assert!(
        report
            .violations
            .iter()
            .any(|v| matches!(v, AuditViolation::VersionWithoutEntry { .. }))
    );
    // The other hospital's chain is untouched by all of this.
    assert!(verify_audit(store, &b).await.unwrap().is_intact());
}

#[tokio::test]
async fn story_on_sqlite() {
    with_sqlite(|backend| async move { story(&backend).await }).await;
}

#[tokio::test]
async fn story_on_postgres() {
    with_postgres(|backend| async move { story(&backend).await }).await;
}
