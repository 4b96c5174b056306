//! KEV, CVE JSON 5 (with CISA ADP), JVN iPedia, and the matcher over all NVD records, on the
//! real files in `shared/data/vuln`.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    reason = "tests and their helpers report failures by panicking"
)]

mod common;

use mamori_vuln::jvn::{parse_jvn_detail, parse_jvn_rss, parse_myjvn_products};
use mamori_vuln::{AssetContext, Matcher, Source, Tier, parse_cve5, parse_kev, parse_nvd_document};

#[test]
fn kev_catalog_lookups() {
    let (catalog, problems) = parse_kev(&common::read_data(
        "kev/known_exploited_vulnerabilities.json",
    ))
    .unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(catalog.catalog_version.as_deref(), Some("2025.08.25"));
    assert_eq!(catalog.len(), 1404);
    assert_eq!(
        catalog
            .entries
            .iter()
            .filter(|e| e.known_ransomware)
            .count(),
        293
    );
    let check = |cve: &str, expected: Option<(bool, &str)>| {
        let actual = catalog
            .get(cve)
            .map(|e| (e.known_ransomware, e.date_added.as_str()));
        assert_eq!(actual, expected, "{cve}");
    };
    check("CVE-2022-42475", Some((true, "2022-12-13")));
    check("cve-2021-44228", Some((true, "2021-12-10")));
    check("CVE-2014-0160", Some((false, "2022-05-04")));
    check("CVE-2021-21974", None);
    assert_eq!(
        catalog.get("CVE-2025-48384").map(|e| e.cwes.clone()),
        Some(vec!["CWE-59".to_owned(), "CWE-436".to_owned()])
    );
}

#[test]
fn every_cve5_record_parses() {
    let dir = common::data_path("vulnrichment/records");
    let mut count = 0;
    let mut with_cpes = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let (record, _problems) = parse_cve5(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(record.cve_id.starts_with("CVE-"), "{}", path.display());
        count += 1;
        with_cpes += usize::from(record.has_cpe_data());
    }
    assert_eq!(count, 275);
    assert!(with_cpes > 200, "{with_cpes}");
}

#[test]
fn cve5_adp_fallback_for_cve_2024_6795() {
    let (record, problems) = parse_cve5(&common::read_data(
        "vulnrichment/records/CVE-2024-6795.json",
    ))
    .unwrap();
    assert!(problems.is_empty());
    assert_eq!(record.cwes, ["CWE-89"]);
    assert!(
        record
            .ssvc
            .contains(&("Automatable".to_owned(), "yes".to_owned()))
    );
    let nvd = parse_nvd_document(&common::read_data("nvd/cve/CVE-2024-6795.json")).records;
    assert!(nvd[0].configurations.is_empty());

    let without_cve5 = Matcher::new(nvd.clone(), &[]);
    assert_eq!(
        without_cve5.cves_without_applicability_data(),
        ["CVE-2024-6795"]
    );

    let matcher = Matcher::new(nvd, std::slice::from_ref(&record));
    assert!(matcher.cves_without_applicability_data().is_empty());
    let check = |cpe: &str, expected: Option<Tier>| {
        let asset = AssetContext::from_cpe_names(&[cpe]).unwrap();
        let findings = matcher.match_asset(&asset);
        assert_eq!(
            findings.first().map(|f| f.tier),
            expected,
            "{cpe}: {findings:#?}"
        );
        if let Some(finding) = findings.first() {
            assert_eq!(finding.source, Source::Cve5);
        }
    };
    check(
        "cpe:2.3:a:hillrom:connex_health_portal:8.29.2024:*:*:*:*:*:*:*",
        Some(Tier::Adp),
    );
    check(
        "cpe:2.3:a:hillrom:connex_health_portal:8.30.2024:*:*:*:*:*:*:*",
        None,
    );
    // The CNA names "Baxter" (alias.rs tests what that gives).
    check(
        "cpe:2.3:a:acme:connex_health_portal:8.29.2024:*:*:*:*:*:*:*",
        None,
    );
}

#[test]
fn matcher_over_all_nvd_records_finds_only_the_right_cves() {
    let mut records = Vec::new();
    for entry in std::fs::read_dir(common::data_path("nvd/cve")).unwrap() {
        records.extend(parse_nvd_document(&std::fs::read(entry.unwrap().path()).unwrap()).records);
    }
    records.extend(
        parse_nvd_document(&common::read_data(
            "nvd/cve-modified/CVE-2014-0160.references-truncated.json",
        ))
        .records,
    );
    records.extend(
        parse_nvd_document(&common::read_data(
            "nvd/api-response/nvd-api-2.0-response-CVE-2021-44228.json",
        ))
        .records,
    );
    let matcher = Matcher::new(records, &[]);
    let check = |cpes: &[&str], expected: &[(&str, &str)]| {
        let asset = AssetContext::from_cpe_names(cpes).unwrap();
        let findings = matcher.match_asset(&asset);
        let actual: Vec<(&str, &str)> = findings
            .iter()
            .map(|f| (f.cve_id, f.tier.as_str()))
            .collect();
        assert_eq!(actual, expected, "{cpes:?}");
    };
    check(
        &[
            "cpe:2.3:o:fortinet:fortios:6.4.8:*:*:*:*:*:*:*",
            "cpe:2.3:h:fortinet:fortigate-60f:-:*:*:*:*:*:*:*",
        ],
        &[
            ("CVE-2022-42475", "confirmed"),
            ("CVE-2023-27997", "confirmed"),
            ("CVE-2024-21762", "confirmed"),
        ],
    );
    check(&["cpe:2.3:o:fortinet:fortios:7.4.3:*:*:*:*:*:*:*"], &[]);
    check(
        &["cpe:2.3:o:fortinet:fortios:5.6.3:*:*:*:*:*:*:*"],
        &[
            ("CVE-2018-13379", "confirmed"),
            ("CVE-2022-42475", "confirmed"),
        ],
    );
    check(
        &[
            "cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*",
            "cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*",
        ],
        &[
            ("CVE-2017-0144", "confirmed"),
            ("CVE-2019-0708", "confirmed"),
        ],
    );
    check(
        &["cpe:2.3:a:philips:vue_pacs:12.2.8.400:*:*:*:*:*:*:*"],
        &[("CVE-2023-40539", "confirmed")],
    );
    check(
        &["cpe:2.3:a:philips:vue_pacs:12.2.8.410:*:*:*:*:*:*:*"],
        &[],
    );
}

#[test]
fn jvn_detail_feed_in_japanese() {
    let parsed = parse_jvn_detail(&common::read_data(
        "jvn-samples/detail__jvndb_detail_2023.rdf",
    ));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let first = &parsed.records[0];
    assert_eq!(first.id, "JVNDB-2022-017704");
    assert_eq!(
        first.title,
        "Linux の Linux Kernel における NULL ポインタデリファレンスに関する脆弱性"
    );
    assert_eq!(first.cve_ids, ["CVE-2023-23001"]);
    assert_eq!(first.cvss_base, Some(5.5));
    let product = &first.products[0];
    assert_eq!(
        (product.vendor_name.as_str(), product.product_name.as_str()),
        ("Linux", "Linux Kernel")
    );
    assert_eq!(product.versions, ["5.16.3 未満"]);
    let kernel =
        AssetContext::from_cpe_names(&["cpe:2.3:o:linux:linux_kernel:5.15.0:*:*:*:*:*:*:*"])
            .unwrap();
    assert!(first.matches_product(&kernel));
    let other =
        AssetContext::from_cpe_names(&["cpe:2.3:a:linux:linux_kernel:5.15.0:*:*:*:*:*:*:*"])
            .unwrap();
    assert!(!first.matches_product(&other));
    for name in [
        "detail__jvndb_detail_2021.rdf",
        "detail__jvndb_detail_2022.rdf",
    ] {
        let parsed = parse_jvn_detail(&common::read_data(&format!("jvn-samples/{name}")));
        assert!(
            !parsed.records.is_empty() && parsed.problems.is_empty(),
            "{name}: {:?}",
            parsed.problems
        );
        assert!(
            parsed
                .records
                .iter()
                .all(|r| r.id.starts_with("JVNDB-") && !r.title.is_empty()),
            "{name}"
        );
    }
}

#[test]
fn jvn_rss_feed_snapshot() {
    let parsed = parse_jvn_rss(&common::read_data("jvn-samples/rss__jvndb_2023.rdf"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let summary: Vec<String> = parsed
        .records
        .iter()
        .map(|r| {
            let cpes: Vec<&str> = r.products.iter().map(|p| p.cpe_text.as_str()).collect();
            format!(
                "{} | {} | {:?} | {:?} | {:?}",
                r.id, r.title, r.cve_ids, cpes, r.cvss_base
            )
        })
        .collect();
    insta::assert_snapshot!(summary.join("\n"));
    for name in [
        "rss__jvndb_2021.rdf",
        "rss__jvndb_2022.rdf",
        "rss__jvndb_new.rdf",
    ] {
        let parsed = parse_jvn_rss(&common::read_data(&format!("jvn-samples/{name}")));
        assert!(
            !parsed.records.is_empty() && parsed.problems.is_empty(),
            "{name}: {:?}",
            parsed.problems
        );
    }
}

#[test]
fn myjvn_product_list() {
    let parsed = parse_myjvn_products(&common::read_data(
        "jvn-samples/product__myjvn_product_202311.rdf",
    ));
    assert!(parsed.problems.is_empty());
    let first = &parsed.records[0];
    assert_eq!(
        (
            first.vendor_name.as_str(),
            first.product_name.as_str(),
            first.product_cpe.as_str()
        ),
        (
            "サン・マイクロシステムズ",
            "Sun Cobalt RaQ2",
            "cpe:/h:sun:sun_cobalt_raq_2"
        )
    );
    assert!(
        parsed
            .records
            .iter()
            .any(|p| p.vendor_name == "マイクロソフト" && p.product_name == "Microsoft Excel")
    );
}

#[test]
fn broken_inputs_are_problems_not_panics() {
    assert_eq!(parse_nvd_document(b"{not json").problems.len(), 1);
    assert_eq!(parse_nvd_document(br#"{"foo": 1}"#).problems.len(), 1);
    let page = br#"{"vulnerabilities": [{"cve": {"id": "CVE-1"}}, {"cve": {"nope": true}},
        {"cve": {"id": "CVE-2", "configurations": [{"nodes": [{"operator": "OR", "cpeMatch": [
        {"vulnerable": true, "criteria": "cpe:2.3:a:x"}]}]}]}}]}"#;
    let parsed = parse_nvd_document(page);
    assert_eq!(
        parsed
            .records
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["CVE-1", "CVE-2"]
    );
    assert_eq!(parsed.problems.len(), 2, "{:?}", parsed.problems);
    let truncated = parse_jvn_rss(b"<rdf:RDF><item><title>x</title></item><item><title>");
    assert_eq!(truncated.records.len(), 1);
}
