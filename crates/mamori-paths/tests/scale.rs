//! The generated hospital (the benchmark's shape: block firewalls joining fifty zones, a core
//! firewall, rules naming single hosts, shared credentials) at a size the naive reference can
//! still check: the engine, its witnesses and its pruned fix ranking must agree with it.

mod support;

use std::collections::BTreeSet;

use mamori_paths::synthetic::{Size, hospital};
use mamori_paths::{analyze, rank_fixes, what_if};

fn small(seed: u64) -> mamori_paths::Facts {
    hospital(Size {
        assets: 180,
        zones: 120,
        rules: 240,
        points: 8,
        seed,
    })
}

#[test]
fn generated_hospital_agrees_with_the_naive_reference() {
    let mut entered = 0;
    for seed in 1..=3 {
        let facts = small(seed);
        let analysis = analyze(&facts);
        assert!(analysis.problems.is_empty(), "{:?}", analysis.problems);
        support::assert_witnesses_valid(&facts, &analysis);
        for entry in &analysis.entries {
            let naive = support::naive(&facts, entry.entry.as_str());
            let controlled: BTreeSet<String> =
                entry.controlled.iter().map(ToString::to_string).collect();
            assert_eq!(
                controlled, naive.controlled,
                "seed {seed}, entry {}",
                entry.entry
            );
            entered += usize::from(!controlled.is_empty());
        }
    }
    // The fixtures must exercise something: some entries take assets.
    assert!(entered >= 3, "only {entered} entries took anything");
}

#[test]
fn generated_hospital_pruned_ranking_equals_rerunning_everything() {
    let facts = small(2);
    let ranking = rank_fixes(&facts);
    let mut expected = Vec::new();
    for change in support::naive_candidates(&facts) {
        let diff = what_if(&facts, std::slice::from_ref(&change));
        if !diff.pairs_cut.is_empty() || !diff.recoveries_restored.is_empty() {
            expected.push((change.stable_id(), diff.pairs_cut, diff.recoveries_restored));
        }
    }
    expected.sort_by(|x, y| {
        y.1.len()
            .cmp(&x.1.len())
            .then(y.2.len().cmp(&x.2.len()))
            .then(x.0.cmp(&y.0))
    });
    let actual: Vec<_> = ranking
        .fixes
        .into_iter()
        .map(|f| (f.id, f.pairs_cut, f.recoveries_restored))
        .collect();
    assert!(!actual.is_empty(), "the fixture should have fixes to rank");
    assert_eq!(actual, expected);
    assert!(
        ranking.reruns < ranking.candidates,
        "pruning should spare most candidates"
    );
}
