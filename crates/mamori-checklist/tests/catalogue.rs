#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
//! The embedded editions: they parse, every item comes from the shared research YAML (and
//! every YAML item is here), wording that is not verbatim is marked, and rules are known.

use mamori_checklist::{Audience, EditionKind, Verification, catalogue, self_assessment};

fn shared(path: &str) -> String {
    let full = format!("{}/../../../shared/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The item ids of a research YAML file, read from its `id:` keys.
fn yaml_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let rest = line
                .trim_start()
                .trim_start_matches("- ")
                .trim_start_matches("{");
            let rest = rest.strip_prefix("id: ")?;
            Some(rest.split([',', ' ']).next()?.to_owned())
        })
        .collect()
}

fn check_same_ids(yaml_file: &str, edition_ids: &[&str]) {
    let cat = catalogue().unwrap();
    let mut from_yaml = yaml_ids(&shared(yaml_file));
    let mut embedded: Vec<String> = edition_ids
        .iter()
        .flat_map(|id| cat.edition(id).unwrap().items.iter().map(|i| i.id.clone()))
        .collect();
    from_yaml.sort();
    embedded.sort();
    assert_eq!(embedded, from_yaml, "{yaml_file}");
}

#[test]
fn every_item_of_the_shared_yaml_is_embedded_once() {
    check_same_ids("data/checklists/mhlw-checklist.yaml", &["R5", "R6", "R7"]);
    check_same_ids("data/checklists/mhlw-guideline-6.0-checks.yaml", &["GL6"]);
}

#[test]
fn editions_are_r5_r6_r7_and_the_guideline_with_r7_current() {
    let cat = catalogue().unwrap();
    let editions: Vec<(&str, EditionKind, Option<i16>)> = cat
        .editions
        .iter()
        .map(|e| (e.id.as_str(), e.kind, e.fiscal_year))
        .collect();
    assert_eq!(
        editions,
        vec![
            ("R5", EditionKind::Checklist, Some(2023)),
            ("R6", EditionKind::Checklist, Some(2024)),
            ("R7", EditionKind::Checklist, Some(2025)),
            ("GL6", EditionKind::Guideline, None),
        ]
    );
    assert_eq!(cat.current_edition().unwrap().id, "R7");
    assert_eq!(cat.edition("r7").unwrap().id, "R7");
}

#[test]
fn wording_marks_and_sources_follow_the_research_record() {
    let cat = catalogue().unwrap();
    let r7 = cat.edition("R7").unwrap();
    let check = |id: &str, verbatim: bool, verification: Verification, has_text: bool| {
        let item = r7.items.iter().find(|i| i.id == id).unwrap();
        assert_eq!(
            (item.verbatim, item.verification, item.text_ja.is_some()),
            (verbatim, verification, has_text),
            "{id}"
        );
        assert!(!item.sources.is_empty(), "{id} has sources");
    };
    check("R7-H-2-1", true, Verification::Verbatim, true);
    check("R7-H-3-1", false, Verification::Secondary, true);
    check("R7-H-2-10", false, Verification::Inferred, false);
    assert_eq!(r7.items_for(Audience::Vendor).count(), 3);
    assert!(!r7.gaps.is_empty(), "unverified parts travel with the data");
}

#[test]
fn the_ledger_items_of_r7_name_evidence_rules() {
    let cat = catalogue().unwrap();
    let r7 = cat.edition("R7").unwrap();
    let rules = |id: &str| -> Vec<String> {
        r7.items
            .iter()
            .find(|i| i.id == id)
            .unwrap()
            .rules
            .iter()
            .map(|r| r.to_string())
            .collect()
    };
    assert_eq!(rules("R7-H-2-1"), vec!["inventory"]);
    assert_eq!(rules("R7-H-2-2"), vec!["connection_points"]);
    assert_eq!(rules("R7-H-2-8"), vec!["admin_not_shared"]);
    assert_eq!(rules("R7-H-2-11"), vec!["access_logs"]);
    assert_eq!(rules("R7-H-3-2"), vec!["backups"]);
    assert_eq!(
        rules("R7-H-3-3"),
        Vec::<String>::new(),
        "the BCP is answered by hand"
    );
    let r6 = cat.edition("R6").unwrap();
    let scoped = r6.items.iter().find(|i| i.id == "R6-H-2-7-pc").unwrap();
    assert_eq!(scoped.rules[0].to_string(), "patches:pc");
}

#[test]
fn a_broken_catalogue_is_refused_with_a_reason() {
    let check = |text: &str, code: &str| {
        let error = mamori_checklist::Catalogue::parse(text).unwrap_err();
        assert_eq!(error.code(), code, "{text}");
    };
    check("{", "catalogue_parse");
    check(
        r#"{"format": "x/1", "derived_from": [], "editions": []}"#,
        "catalogue_format",
    );
    let item = r#"{"id": "X-1", "audience": "hospital", "category": "c", "number": null,
        "number_inferred": false, "device_scope": null, "text_ja": null, "text_en": "e",
        "verbatim": true, "verification": "verbatim", "status": "required", "due": null,
        "guideline_refs": [], "sources": [], "notes": null, "rules": []}"#;
    let doc = format!(
        r#"{{"format": "mamori-checklists/1", "derived_from": [], "editions": [{{"id": "X",
        "kind": "checklist", "title_ja": "t", "fiscal_year": 2030, "items": [{item}],
        "sources": {{}}, "gaps": []}}]}}"#
    );
    check(&doc, "catalogue_false_verbatim");
    check(
        &doc.replace("\"verbatim\": true", "\"verbatim\": false")
            .replace("\"rules\": []", "\"rules\": [\"nope\"]"),
        "catalogue_parse",
    );
}

#[test]
fn the_self_assessment_has_nine_areas_from_seed_003() {
    let sa = self_assessment().unwrap();
    assert_eq!(
        sa.areas.iter().map(|a| a.number).collect::<Vec<_>>(),
        (1..=9).collect::<Vec<_>>()
    );
    let seed = shared("seeds/003_4d479d1f3cf3da60.txt");
    for area in &sa.areas {
        assert!(
            seed.contains(&area.question_ja),
            "area {} question is verbatim",
            area.number
        );
        for check in &area.checks {
            assert!(seed.contains(&check.text_ja), "{} is verbatim", check.id);
            assert!(
                seed.contains(&check.countermeasure_ja),
                "{} countermeasure is verbatim",
                check.id
            );
        }
    }
}
