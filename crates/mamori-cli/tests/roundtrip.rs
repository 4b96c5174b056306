//! Export → import into an empty store → export again is byte-identical, over generated
//! ledgers, on the embedded SQLite store (the CLI test covers the demo on the real binary).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use mamori_interchange::{ledger_from_json, ledger_to_json};
use mamori_store::{ChangeMeta, HospitalId, LedgerStore, SqliteStore, load_ledger, save_ledger};
use proptest::prelude::*;

fn round_trip_through_a_fresh_store(assets: usize, seed: u64) -> (String, String) {
    let exported = ledger_to_json(&mamori_demo::generate_hospital(assets, seed)).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let again = runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).await.unwrap();
        let hospital = HospitalId::default_hospital();
        store.ensure_hospital(&hospital, "test").await.unwrap();
        let imported = ledger_from_json("exported.json", exported.as_bytes()).unwrap();
        let meta = ChangeMeta {
            actor: "test".into(),
            reason: "round trip".into(),
        };
        save_ledger(&store, &hospital, &meta, &imported)
            .await
            .unwrap();
        let loaded = load_ledger(&store, &hospital, None).await.unwrap();
        store.close().await;
        ledger_to_json(&loaded).unwrap()
    });
    (exported, again)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn store_round_trip_is_byte_identical(assets in 0usize..300, seed in any::<u64>()) {
        let (exported, again) = round_trip_through_a_fresh_store(assets, seed);
        prop_assert!(exported == again, "export → import → export differs for assets={assets} seed={seed}");
    }
}
