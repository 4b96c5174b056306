//! Exposure and impact per finding: which entry points get to each vulnerability, the band,
//! and the (entry, crown jewel) pairs whose witness path uses it.

mod support;

use mamori_paths::{Engine, FindingExposure, Holder};
use support::facts;

fn holder_text(on: &Holder) -> String {
    match on {
        Holder::Asset(a) => format!("asset:{a}"),
        Holder::Point(p) => format!("point:{p}"),
    }
}

fn line(f: &FindingExposure) -> String {
    let from: Vec<&str> = f.reached_from.iter().map(|p| p.as_str()).collect();
    let pairs: Vec<String> = f
        .on_paths
        .iter()
        .map(|p| format!("{}->{}", p.entry, p.jewel))
        .collect();
    format!(
        "{}@{} from={} {}/{} {}% {} paths={}",
        f.vuln,
        holder_text(&f.on),
        if from.is_empty() {
            "-".to_owned()
        } else {
            from.join(",")
        },
        f.reached_from.len(),
        f.entries,
        f.percent(),
        f.band().code(),
        if pairs.is_empty() {
            "-".to_owned()
        } else {
            pairs.join(",")
        },
    )
}

fn check(fixture: &str, expected: &str) {
    let facts = facts(fixture);
    let got: Vec<String> = Engine::new(&facts)
        .finding_exposure()
        .iter()
        .map(line)
        .collect();
    let want: Vec<&str> = expected
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(got, want);
}

/// Three entry points. The modem reaches the EMR server's SMB hole directly and, from the EMR
/// server, gets a foothold on PACS (same zone) to use its escalation; the VPN's own
/// unauthenticated hole is how it enters, so every VPN path uses it; the lab server sits in a
/// zone no firewall joins, so nothing gets to its hole.
const THREE_ENTRIES: &str = "
    zone out
    zone dmz
    zone srv
    point vpn lands=out accepts=vpn-user
    point rdg lands=out accepts=rdg-user
    point modem lands=dmz open
    cred vpn-user known
    cred rdg-user
    cred pacs-user known
    asset emr zone=srv jewel=EMR
    asset pacs zone=srv jewel=PACS
    zone iso
    asset lab zone=iso
    service lab tcp/80
    vuln CVE-D on=lab@tcp/80 effect=rce
    service emr tcp/445
    service pacs tcp/22
    accept pacs-user pacs tcp/22 user
    vuln CVE-A on=emr@tcp/445 effect=rce
    vuln CVE-B on=pacs effect=lpe
    vuln CVE-C on=point:vpn effect=rce
    firewall fw zones=out,dmz,srv default=deny
    rule r1 fw=fw allow src=zone:out dst=asset:emr port=445
    rule r2 fw=fw allow src=zone:dmz dst=asset:emr port=445
    rule r3 fw=fw allow src=zone:out dst=asset:pacs port=22
";

#[test]
fn exposure_counts_entries_that_get_to_each_finding() {
    // rdg needs a credential nobody knows: not entered, so it reaches nothing.
    check(
        THREE_ENTRIES,
        "
        CVE-A@asset:emr from=modem,vpn 2/3 66% moderate paths=modem->emr,modem->pacs,vpn->emr
        CVE-B@asset:pacs from=modem,vpn 2/3 66% moderate paths=modem->pacs,vpn->pacs
        CVE-C@point:vpn from=vpn 1/3 33% low paths=vpn->emr,vpn->pacs
        CVE-D@asset:lab from=- 0/3 0% low paths=-
        ",
    );
}

#[test]
fn closing_the_modems_rule_moves_exposure_and_paths() {
    let closed = THREE_ENTRIES.replace(
        "rule r2 fw=fw allow src=zone:dmz dst=asset:emr port=445",
        "",
    );
    check(
        &closed,
        "
        CVE-C@point:vpn from=vpn 1/3 33% low paths=vpn->emr,vpn->pacs
        CVE-A@asset:emr from=vpn 1/3 33% low paths=vpn->emr
        CVE-B@asset:pacs from=vpn 1/3 33% low paths=vpn->pacs
        CVE-D@asset:lab from=- 0/3 0% low paths=-
        ",
    );
}

#[test]
fn bands_follow_bloodhounds_thresholds() {
    // Five entry points into one open zone: every one gets to the hole, then fewer.
    let mut fixture = String::from(
        "zone out\nzone srv\nasset emr zone=srv jewel=EMR\nservice emr tcp/445\nvuln CVE-A on=emr@tcp/445 effect=rce\nfirewall fw zones=out,srv default=deny\n",
    );
    for i in 0..5 {
        fixture.push_str(&format!("point p{i} lands=out open\n"));
        fixture.push_str(&format!(
            "rule r{i} fw=fw allow src=point:p{i} dst=asset:emr port=445\n"
        ));
    }
    let band_with_rules = |kept: usize| {
        let mut text = fixture.clone();
        for i in kept..5 {
            text = text.replace(
                &format!("rule r{i} fw=fw allow src=point:p{i} dst=asset:emr port=445\n"),
                "",
            );
        }
        let facts = facts(&text);
        let all = Engine::new(&facts).finding_exposure();
        (all[0].percent(), all[0].band().code())
    };
    assert_eq!(band_with_rules(5), (100, "critical"));
    assert_eq!(band_with_rules(4), (80, "high"));
    assert_eq!(band_with_rules(2), (40, "moderate"));
    assert_eq!(band_with_rules(1), (20, "low"));
    assert_eq!(band_with_rules(0), (0, "low"));
}

#[test]
fn the_handa_vpn_hole_is_on_every_path_of_its_only_entry() {
    let handa = include_str!("fixtures/handa2021.facts");
    let engine_facts = facts(handa);
    let engine = Engine::new(&engine_facts);
    let all = engine.finding_exposure();
    let fgt = all
        .iter()
        .find(|f| f.vuln.as_str() == "CVE-2018-13379")
        .expect("the FortiGate finding is listed");
    assert_eq!(fgt.percent(), 100);
    assert_eq!(fgt.band().code(), "critical");
    // Entered with the leaked VPN account, the hole is not needed for any witness path.
    let reached = engine.analysis().reached.len();
    assert!(reached >= 4, "Handa reaches its crown jewels: {reached}");
    assert!(fgt.on_paths.len() <= reached);
}
