//! The two public Japanese hospital cases as fixtures: the chain must be found, recovery must
//! be broken exactly when no copy survives, and the fix ranking must put the chain's links first.

mod support;

use mamori_paths::{
    Change, CredGroupId, EnterMeans, Explainer, Holder, Hop, Lang, Level, Medium, Origin, Passage,
    Port, VulnId, analyze, rank_fixes, render_analysis, render_fixes, what_if,
};
use support::{check, check_fixes, check_lines, facts};

const OSAKA: &str = include_str!("fixtures/osaka2022.facts");
const HANDA: &str = include_str!("fixtures/handa2021.facts");

#[test]
fn osaka_chain_is_found_hop_by_hop() {
    let facts = facts(OSAKA);
    let analysis = analyze(&facts);
    support::assert_witnesses_valid(&facts, &analysis);
    let emr = analysis
        .reached
        .iter()
        .find(|p| p.jewel.as_str() == "emr")
        .expect("EMR reached");
    let vpn = || "vendor-vpn".into();
    let expected = vec![
        Hop::Enter {
            point: vpn(),
            means: EnterMeans::Exploit {
                vuln: VulnId::new("CVE-2018-13379"),
                credential: None,
            },
        },
        Hop::Harvest {
            credential: "vendor-admin".into(),
            from: Holder::Point(vpn()),
        },
        Hop::LogOn {
            from: Origin::Behind(vpn()),
            passage: Passage::SameZone,
            asset: "vendor-srv".into(),
            port: Port::tcp(3389),
            credential: "vendor-admin".into(),
            level: Level::Admin,
        },
        Hop::Harvest {
            credential: "food-admin".into(),
            from: Holder::Asset("vendor-srv".into()),
        },
        Hop::LogOn {
            from: Origin::Behind(vpn()),
            passage: Passage::Rule {
                firewall: "fw-link".into(),
                rule: "link-rdp".into(),
            },
            asset: "food-srv".into(),
            port: Port::tcp(3389),
            credential: "food-admin".into(),
            level: Level::Admin,
        },
        Hop::Harvest {
            credential: CredGroupId::new("common-admin"),
            from: Holder::Asset("food-srv".into()),
        },
        Hop::LogOn {
            from: Origin::Asset("food-srv".into()),
            passage: Passage::Rule {
                firewall: "fw-core".into(),
                rule: "core-rdp".into(),
            },
            asset: "emr".into(),
            port: Port::tcp(3389),
            credential: "common-admin".into(),
            level: Level::Admin,
        },
    ];
    assert_eq!(emr.path, expected);
}

#[test]
fn osaka_snapshot_with_explanations() {
    let facts = facts(OSAKA);
    let analysis = analyze(&facts);
    let explainer = Explainer::new(&facts);
    let mut text = render_analysis(&analysis);
    for pair in analysis
        .reached
        .iter()
        .filter(|p| p.jewel.as_str() == "emr")
    {
        for hop in &pair.path {
            text.push_str(&format!(
                "ja: {}\nen: {}\n",
                explainer.hop(hop, Lang::Ja),
                explainer.hop(hop, Lang::En)
            ));
        }
    }
    text.push_str(&render_fixes(&rank_fixes(&facts)));
    insta::assert_snapshot!("osaka2022", text);
}

#[test]
fn osaka_recovery_broken_only_where_no_offline_copy() {
    check_lines(
        OSAKA,
        &["recovery"],
        "
        recovery ad (ActiveDirectory) BROKEN reached_from=vendor-vpn broken_from=vendor-vpn
        recovery backup-srv (バックアップ) BROKEN reached_from=vendor-vpn broken_from=vendor-vpn
        recovery billing (医事会計) BROKEN reached_from=vendor-vpn broken_from=vendor-vpn
        recovery emr (電子カルテ) ok reached_from=vendor-vpn broken_from=-
        ",
    );
    // Without the off-site tape the EMR is lost too.
    let without_tape = OSAKA.replace("backup emr-tape of=emr medium=offline tested", "");
    check_lines(
        &without_tape,
        &["recovery emr"],
        "recovery emr (電子カルテ) BROKEN reached_from=vendor-vpn broken_from=vendor-vpn",
    );
}

#[test]
fn osaka_untested_tape_is_flagged_but_recovery_stays_ok() {
    let untested = OSAKA.replace("medium=offline tested", "medium=offline");
    check_lines(
        &untested,
        &["recovery emr"],
        "recovery emr (電子カルテ) ok survivor-untested reached_from=vendor-vpn broken_from=-",
    );
}

#[test]
fn osaka_fix_ranking_puts_the_chain_links_first() {
    check_fixes(
        OSAKA,
        "
        break_credential:common-admin owner=hospital cut=4 restored=3 pairs=vendor-vpn->ad,vendor-vpn->backup-srv,vendor-vpn->billing,vendor-vpn->emr recoveries=ad,backup-srv,billing
        patch:CVE-2018-13379@point:vendor-vpn owner=vendor:給食業者 cut=4 restored=3 pairs=vendor-vpn->ad,vendor-vpn->backup-srv,vendor-vpn->billing,vendor-vpn->emr recoveries=ad,backup-srv,billing
        remove_rule:core-rdp owner=hospital cut=4 restored=3 pairs=vendor-vpn->ad,vendor-vpn->backup-srv,vendor-vpn->billing,vendor-vpn->emr recoveries=ad,backup-srv,billing
        remove_rule:link-rdp owner=vendor:給食業者 cut=4 restored=3 pairs=vendor-vpn->ad,vendor-vpn->backup-srv,vendor-vpn->billing,vendor-vpn->emr recoveries=ad,backup-srv,billing
        backup_offline:ad-online owner=hospital cut=0 restored=1 pairs=- recoveries=ad
        backup_offline:billing-online owner=hospital cut=0 restored=1 pairs=- recoveries=billing
        ",
    );
}

#[test]
fn osaka_mfa_on_the_vendor_vpn_alone_cuts_nothing() {
    // The exploited vulnerability needs no authentication, so MFA does not stop it.
    let diff = what_if(&facts(OSAKA), &[Change::AddMfa("vendor-vpn".into())]);
    assert!(diff.problems.is_empty());
    assert_eq!(diff.pairs_cut, vec![]);
    assert_eq!(diff.recoveries_restored, vec![]);
}

#[test]
fn handa_chain_and_broken_recovery() {
    check(
        HANDA,
        "
        entry fgt entered=controlled controlled=billing,dc,dept,emr,nas,pc1 footholds=- held=domain-admin,vpn-maint
        reached fgt -> billing
          enter fgt exploit=CVE-2018-13379
          logon billing tcp/445 cred=domain-admin admin from=point:fgt via=same-zone
        reached fgt -> dc
          enter fgt exploit=CVE-2018-13379
          logon dc tcp/445 cred=domain-admin admin from=point:fgt via=same-zone
        reached fgt -> dept
          enter fgt exploit=CVE-2018-13379
          logon dept tcp/445 cred=domain-admin admin from=point:fgt via=same-zone
        reached fgt -> emr
          enter fgt exploit=CVE-2018-13379
          logon emr tcp/445 cred=domain-admin admin from=point:fgt via=same-zone
        recovery billing (医事会計) BROKEN reached_from=fgt broken_from=fgt
          copy emr-nas online attackable_from=fgt
        recovery dc (ActiveDirectory) BROKEN reached_from=fgt broken_from=fgt
          copy dc-nas online attackable_from=fgt
        recovery dept (検査) BROKEN reached_from=fgt broken_from=fgt
          copy emr-nas online attackable_from=fgt
        recovery emr (電子カルテ) BROKEN reached_from=fgt broken_from=fgt
          copy emr-nas online attackable_from=fgt
        exposure billing 1/1
        exposure dc 1/1
        exposure dept 1/1
        exposure emr 1/1
        exposure nas 1/1
        exposure pc1 1/1
        ",
    );
}

#[test]
fn handa_with_an_offline_copy_recovers_the_emr() {
    let with_tape = format!("{HANDA}\nbackup emr-tape of=emr medium=offline\n");
    check_lines(
        &with_tape,
        &["recovery"],
        "
        recovery billing (医事会計) BROKEN reached_from=fgt broken_from=fgt
        recovery dc (ActiveDirectory) BROKEN reached_from=fgt broken_from=fgt
        recovery dept (検査) BROKEN reached_from=fgt broken_from=fgt
        recovery emr (電子カルテ) ok survivor-untested reached_from=fgt broken_from=-
        ",
    );
}

#[test]
fn handa_fix_ranking_needs_the_credential_not_the_vpn() {
    // The leaked VPN account logs in without MFA even after the patch, and the RCE works even
    // with MFA: no single VPN fix cuts anything, so neither is listed.
    check_fixes(
        HANDA,
        "
        break_credential:domain-admin owner=hospital cut=4 restored=4 pairs=fgt->billing,fgt->dc,fgt->dept,fgt->emr recoveries=billing,dc,dept,emr
        backup_offline:emr-nas owner=hospital cut=0 restored=3 pairs=- recoveries=billing,dept,emr
        backup_offline:dc-nas owner=hospital cut=0 restored=1 pairs=- recoveries=dc
        ",
    );
}

#[test]
fn handa_patch_and_mfa_together_close_the_vpn() {
    let facts = facts(HANDA);
    let patch = Change::PatchVuln {
        vuln: "CVE-2018-13379".into(),
        on: Holder::Point("fgt".into()),
    };
    let diff = what_if(&facts, &[patch, Change::AddMfa("fgt".into())]);
    assert!(diff.problems.is_empty());
    let cut: Vec<String> = diff
        .pairs_cut
        .iter()
        .map(|p| format!("{}->{}", p.entry, p.jewel))
        .collect();
    assert_eq!(cut, ["fgt->billing", "fgt->dc", "fgt->dept", "fgt->emr"]);
    assert_eq!(diff.recoveries_restored.len(), 4);
    assert!(diff.pairs_added.is_empty() && diff.recoveries_broken.is_empty());
    assert_eq!(
        diff.after.entries[0].controlled,
        Vec::<mamori_paths::AssetId>::new()
    );
}

#[test]
fn handa_online_copies_are_attackable_offline_ones_are_not() {
    let with_tape = format!("{HANDA}\nbackup emr-tape of=emr medium=offline\n");
    let analysis = analyze(&facts(&with_tape));
    let emr = analysis
        .recovery
        .iter()
        .find(|r| r.jewel.as_str() == "emr")
        .expect("emr");
    let mediums: Vec<(Medium, usize)> = emr
        .copies
        .iter()
        .map(|c| (c.medium, c.attackable_from.len()))
        .collect();
    assert_eq!(mediums, vec![(Medium::Online, 1), (Medium::Offline, 0)]);
}
