//! `generate_hospital_with_zones`: the zone count is the caller's, the rest scales as usual.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

fn check(assets: usize, zones: usize, expected_zones: usize) {
    let ledger = mamori_demo::generate_hospital_with_zones(assets, zones, 7);
    assert_eq!(ledger.zones.len(), expected_zones, "{assets}/{zones}");
    assert!(
        ledger.assets.len() >= assets.min(800) * 9 / 10,
        "{assets}/{zones}: {} assets",
        ledger.assets.len()
    );
    assert_eq!(mamori_core::validate_ledger(&ledger), vec![]);
}

#[test]
fn zone_counts_are_chosen_by_the_caller() {
    check(600, 25, 25);
    check(2_000, 80, 80);
    // Clamped to the twelve base zones.
    check(600, 3, 12);
}
