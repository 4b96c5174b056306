//! The vendor-alias table and CNA `affected` matching on the real records of
//! `shared/data/vuln`: CNA-only records (no NVD configuration, no ADP CPE), vendor renames
//! (Pulse Secure ↔ Ivanti, Hill-Rom ↔ Baxter), and alias matches never being `confirmed`.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    reason = "tests and their helpers report failures by panicking"
)]

mod common;

use mamori_vuln::{
    AliasFileErrorKind, AliasTable, AssetContext, Cve5Record, CveRecord, Matcher, Source, Tier,
    Truth, parse_cve5, parse_nvd_document,
};

fn cve5(cve: &str) -> Cve5Record {
    let bytes = common::read_data(&format!("vulnrichment/records/{cve}.json"));
    parse_cve5(&bytes).unwrap().0
}

fn nvd(cve: &str) -> Vec<CveRecord> {
    parse_nvd_document(&common::read_data(&format!("nvd/cve/{cve}.json"))).records
}

/// `expected`: `(tier, source)` of the CVE's finding on an asset with these CPE names, or
/// `None` when it does not apply.
fn check(matcher: &Matcher, cve: &str, cpes: &[&str], expected: Option<(Tier, Source)>) {
    let asset = AssetContext::from_cpe_names(cpes).unwrap();
    let findings = matcher.match_asset(&asset);
    let found = findings.iter().find(|f| f.cve_id == cve);
    assert_eq!(
        found.map(|f| (f.tier, f.source)),
        expected,
        "{cve} on {cpes:?}: {findings:#?}"
    );
    assert!(
        findings.iter().filter(|f| f.cve_id == cve).count() <= 1,
        "one finding per CVE: {findings:#?}"
    );
}

const ADP_CNA: Option<(Tier, Source)> = Some((Tier::Adp, Source::Cna));
const ALIAS: Option<(Tier, Source)> = Some((Tier::Alias, Source::Alias));

#[test]
fn fortios_cna_ranges_without_nvd_or_adp_data() {
    // CVE-2022-41328: NVD record not loaded, ADP gives no CPE; CNA "Fortinet" / "FortiOS" with
    // five `lessThanOrEqual` ranges.
    let matcher = Matcher::new(Vec::new(), &[cve5("CVE-2022-41328")]);
    assert!(matcher.cves_without_applicability_data().is_empty());
    for (version, expected) in [
        ("7.2.0", ADP_CNA),
        ("7.2.3", ADP_CNA),
        ("7.2.4", None),
        ("7.0.9", ADP_CNA),
        ("7.0.10", None),
        ("6.4.11", ADP_CNA),
        ("6.4.12", None),
        ("6.2.13", ADP_CNA),
        ("6.2.14", None),
        ("5.6.14", None),
    ] {
        let cpe = format!("cpe:2.3:o:fortinet:fortios:{version}:*:*:*:*:*:*:*");
        check(&matcher, "CVE-2022-41328", &[&cpe], expected);
    }
    // Another vendor's product of the same name is not this one.
    check(
        &matcher,
        "CVE-2022-41328",
        &["cpe:2.3:o:acme:fortios:7.2.0:*:*:*:*:*:*:*"],
        None,
    );
}

#[test]
fn philips_vue_pacs_cna_only_less_than() {
    // CVE-2023-40223: CNA "Philips" / "Vue PACS", 0 ≤ v < 12.2.8.410; no ADP CPE.
    let matcher = Matcher::new(Vec::new(), &[cve5("CVE-2023-40223")]);
    for (version, expected) in [
        ("12.2.8.409", ADP_CNA),
        ("12.2.8.0", ADP_CNA),
        ("12.2.8.410", None),
        ("12.2.9", None),
    ] {
        let cpe = format!("cpe:2.3:a:philips:vue_pacs:{version}:*:*:*:*:*:*:*");
        check(&matcher, "CVE-2023-40223", &[&cpe], expected);
    }
    // Unknown version: possible, still through the CNA data.
    check(
        &matcher,
        "CVE-2023-40223",
        &["cpe:2.3:a:philips:vue_pacs:*:*:*:*:*:*:*:*"],
        ADP_CNA,
    );
}

#[test]
fn becton_dickinson_needs_the_table() {
    // CVE-2023-30563: CNA vendor "Becton Dickinson & Co", product "BD Alaris™ Systems Manager"
    // (mis-encoded in the record), ≤ 12.3. NVD's vendor token is `bd`: only the table knows.
    let matcher = Matcher::new(Vec::new(), &[cve5("CVE-2023-30563")]);
    let cpe = |v: &str| format!("cpe:2.3:a:bd:alaris_systems_manager:{v}:*:*:*:*:*:*:*");
    check(&matcher, "CVE-2023-30563", &[&cpe("12.3")], ALIAS);
    check(&matcher, "CVE-2023-30563", &[&cpe("12.3.1")], None);
    check(
        &matcher,
        "CVE-2023-30563",
        &["cpe:2.3:a:bd:bd_alaris_systems_manager:12.1:*:*:*:*:*:*:*"],
        ALIAS,
    );
    // Without the table the record names nothing an asset can carry.
    let bare = Matcher::with_aliases(
        Vec::new(),
        &[cve5("CVE-2023-30563")],
        &AliasTable::default(),
    );
    check(&bare, "CVE-2023-30563", &[&cpe("12.2")], None);
}

#[test]
fn baxter_connex_cve_2024_6795_through_cna_adp_and_alias() {
    let nvd = nvd("CVE-2024-6795");
    let matcher = Matcher::new(nvd, &[cve5("CVE-2024-6795")]);
    let hillrom = |v: &str| format!("cpe:2.3:a:hillrom:connex_health_portal:{v}:*:*:*:*:*:*:*");
    let baxter = |v: &str| format!("cpe:2.3:a:baxter:connex_health_portal:{v}:*:*:*:*:*:*:*");
    // ADP's CPE (`hillrom`, < 8.30.2024 custom) decides for a Hill-Rom asset.
    check(
        &matcher,
        "CVE-2024-6795",
        &[&hillrom("8.29.2024")],
        Some((Tier::Adp, Source::Cve5)),
    );
    check(&matcher, "CVE-2024-6795", &[&hillrom("8.30.2024")], None);
    // The CNA names "Baxter" / "Connex Health Portal" (date-typed bound `8/30/2024`): a Baxter
    // asset matches through the CNA data, not only through the Hill-Rom alias.
    check(&matcher, "CVE-2024-6795", &[&baxter("8.29.2024")], ADP_CNA);
    check(&matcher, "CVE-2024-6795", &[&baxter("8.30.2024")], None);
    // Without the CNA data (ADP only), the Baxter asset is reached only through the group.
    let mut adp_only = cve5("CVE-2024-6795");
    adp_only.affected.retain(|a| !a.cpes.is_empty());
    let matcher = Matcher::new(Vec::new(), &[adp_only]);
    check(&matcher, "CVE-2024-6795", &[&baxter("8.29.2024")], ALIAS);
    check(&matcher, "CVE-2024-6795", &[&baxter("8.30.2024")], None);
    let welch = "cpe:2.3:a:welchallyn:connex_health_portal:8.1.2024:*:*:*:*:*:*:*";
    check(&matcher, "CVE-2024-6795", &[welch], ALIAS);
}

#[test]
fn pulse_secure_assets_match_ivanti_records_as_alias() {
    // CVE-2019-11510 names only `ivanti:connect_secure` (version + update enumerated).
    let matcher = Matcher::new(nvd("CVE-2019-11510"), &[]);
    let cve = "CVE-2019-11510";
    let confirmed = Some((Tier::Confirmed, Source::Nvd));
    for (cpe, expected) in [
        (
            "cpe:2.3:a:ivanti:connect_secure:9.0R3.3:*:*:*:*:*:*:*",
            confirmed,
        ),
        ("cpe:2.3:a:ivanti:connect_secure:9.0R4:*:*:*:*:*:*:*", None),
        // The old vendor and product name: the same product, but only through the table.
        (
            "cpe:2.3:a:pulsesecure:pulse_connect_secure:9.0R3.3:*:*:*:*:*:*:*",
            ALIAS,
        ),
        (
            "cpe:2.3:a:pulsesecure:pulse_connect_secure:9.0R4:*:*:*:*:*:*:*",
            None,
        ),
        (
            "cpe:2.3:a:pulsesecure:pulse_connect_secure:8.2:r12.0:*:*:*:*:*:*",
            ALIAS,
        ),
        (
            "cpe:2.3:a:pulsesecure:pulse_connect_secure:8.2:r12.1:*:*:*:*:*:*",
            None,
        ),
        // The old vendor with the new product token: the vendor group alone.
        (
            "cpe:2.3:a:pulsesecure:connect_secure:8.3:r7:*:*:*:*:*:*",
            ALIAS,
        ),
        // A vendor outside the group is never matched.
        (
            "cpe:2.3:a:juniper:connect_secure:9.0R3.3:*:*:*:*:*:*:*",
            None,
        ),
    ] {
        check(&matcher, cve, &[cpe], expected);
    }
    // With both names on one asset the direct match wins.
    check(
        &matcher,
        cve,
        &[
            "cpe:2.3:a:pulsesecure:pulse_connect_secure:9.0R3.3:*:*:*:*:*:*:*",
            "cpe:2.3:a:ivanti:connect_secure:9.0R3.3:*:*:*:*:*:*:*",
        ],
        confirmed,
    );
}

/// Every finding that came through the table has tier `alias`, over all NVD and CVE 5 records
/// and assets named with every vendor of every group.
#[test]
fn an_alias_match_is_never_confirmed() {
    let mut records = Vec::new();
    for entry in std::fs::read_dir(common::data_path("nvd/cve")).unwrap() {
        records.extend(parse_nvd_document(&std::fs::read(entry.unwrap().path()).unwrap()).records);
    }
    let mut cve5_records = Vec::new();
    for entry in std::fs::read_dir(common::data_path("vulnrichment/records")).unwrap() {
        cve5_records.push(
            parse_cve5(&std::fs::read(entry.unwrap().path()).unwrap())
                .unwrap()
                .0,
        );
    }
    let matcher = Matcher::new(records, &cve5_records);
    let mut alias_findings = 0;
    let assets = [
        "cpe:2.3:a:pulsesecure:pulse_connect_secure:9.0R3.3:*:*:*:*:*:*:*",
        "cpe:2.3:a:pulsesecure:connect_secure:22.7:r2.4:*:*:*:*:*:*",
        "cpe:2.3:a:baxter:connex_health_portal:8.1.2024:*:*:*:*:*:*:*",
        "cpe:2.3:a:welchallyn:connex_health_portal:8.1.2024:*:*:*:*:*:*:*",
        "cpe:2.3:o:gehealthcare:venue_firmware:r3.2:*:*:*:*:*:*:*",
        "cpe:2.3:a:ge:venue:r3.2:*:*:*:*:*:*:*",
        "cpe:2.3:a:cloudsoftwaregroup:netscaler_application_delivery_controller:13.1-49.10:*:*:*:*:*:*:*",
        "cpe:2.3:a:broadcom:vcenter_server:7.0:update_3n:*:*:*:*:*:*",
        "cpe:2.3:o:hitachi:fortios:7.0.1:*:*:*:*:*:*:*",
    ];
    for cpe in assets {
        let asset = AssetContext::from_cpe_names(&[cpe]).unwrap();
        for finding in matcher.match_asset(&asset) {
            if finding.source == Source::Alias {
                alias_findings += 1;
                assert_eq!(finding.tier, Tier::Alias, "{cpe}: {finding:#?}");
            }
            assert_ne!(finding.tier, Tier::Confirmed, "{cpe}: {finding:#?}");
        }
    }
    assert!(alias_findings >= 8, "{alias_findings}");
}

fn parse_error(text: &str) -> (usize, AliasFileErrorKind, String) {
    let err = AliasTable::parse(text, "site-aliases.toml").unwrap_err();
    assert_eq!(err.file, "site-aliases.toml");
    assert!(err.to_string().starts_with("site-aliases.toml:"), "{err}");
    (err.line, err.kind, err.detail)
}

#[test]
fn alias_file_errors_name_the_line() {
    let cases: [(&str, usize, AliasFileErrorKind); 6] = [
        (
            "[[vendor]]\ncpe = \"acme\"\nnames = [\"Acme\"\n",
            3,
            AliasFileErrorKind::Syntax,
        ),
        (
            "[[vendor]]\ncpe = \"acme\"\nnmes = [\"Acme\"]\n",
            3,
            AliasFileErrorKind::Syntax,
        ),
        (
            "\n[[vendor]]\ncpe = \"Acme Medical\"\n",
            3,
            AliasFileErrorKind::BadToken,
        ),
        (
            "[[vendor]]\ncpe = \"acme\"\nnames = [\"Acme\", \"(!)\"]\n",
            3,
            AliasFileErrorKind::Empty,
        ),
        (
            "[[group]]\nvendors = [\"acme\",\n  \"acme\"]\n",
            2,
            AliasFileErrorKind::Empty,
        ),
        (
            "[[product]]\n\ncpe = \"acme_monitor\"\n",
            3,
            AliasFileErrorKind::BadProduct,
        ),
    ];
    for (text, line, kind) in cases {
        let (actual_line, actual_kind, detail) = parse_error(text);
        assert_eq!(
            (actual_line, actual_kind),
            (line, kind),
            "{text:?}: {detail}"
        );
        assert!(!detail.is_empty());
    }
    assert_eq!(
        AliasFileErrorKind::BadToken.code(),
        "vuln-aliases-bad-token"
    );
}

#[test]
fn a_user_file_extends_the_builtin_table() {
    // A hospital's own spelling of a maker and a maker's rename, as a user file.
    let user = "[[vendor]]\ncpe = \"bd\"\nnames = [\"BD Japan\"]\n\n\
                [[group]]\nvendors = [\"fortinet\", \"fortinet_japan\"]\n";
    let mut table = AliasTable::builtin().clone();
    table.extend(AliasTable::parse(user, "user.toml").unwrap());
    assert!(table.vendor_tokens("BD Japan").any(|t| t == "bd"));
    assert!(
        table
            .vendor_tokens("Becton, Dickinson and Company")
            .any(|t| t == "bd")
    );
    let record = cve5("CVE-2022-41328");
    let cpe = "cpe:2.3:o:fortinet_japan:fortios:7.2.3:*:*:*:*:*:*:*";
    let with_user = Matcher::with_aliases(Vec::new(), std::slice::from_ref(&record), &table);
    check(&with_user, "CVE-2022-41328", &[cpe], ALIAS);
    let builtin = Matcher::new(Vec::new(), &[record]);
    check(&builtin, "CVE-2022-41328", &[cpe], None);
}

#[test]
fn versions_in_words_are_indeterminate_never_not_affected() {
    // CVE-2021-44168: CNA "Fortinet" / "Fortinet FortiOS", version "FortiOS before 7.0.3".
    let matcher = Matcher::new(Vec::new(), &[cve5("CVE-2021-44168")]);
    for version in ["6.4.9", "7.0.3", "7.2.0"] {
        let cpe = format!("cpe:2.3:o:fortinet:fortios:{version}:*:*:*:*:*:*:*");
        let asset = AssetContext::from_cpe_names(&[cpe]).unwrap();
        let findings = matcher.match_asset(&asset);
        assert_eq!(findings.len(), 1, "{version}: {findings:#?}");
        assert_eq!(
            (findings[0].tier, findings[0].source),
            (Tier::Adp, Source::Cna)
        );
        assert!(
            matches!(&findings[0].truth, Truth::Indeterminate(why) if why.contains("FortiOS before 7.0.3")),
            "{version}: {:?}",
            findings[0].truth
        );
    }
    check(
        &matcher,
        "CVE-2021-44168",
        &["cpe:2.3:o:fortinet:fortiproxy:7.0.1:*:*:*:*:*:*:*"],
        None,
    );
}
