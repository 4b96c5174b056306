//! §3: fix candidates, owners, the ranking order, and `what_if`.

mod support;

use mamori_paths::{Change, Owner, Problem, rank_fixes, what_if};
use support::{check_fixes, facts};

/// Two entries into one zone, two jewels in two zones behind one firewall, one shared admin
/// credential.
const SHARED: &str = "
    zone out
    zone srv1
    zone srv2
    point vpn1 lands=out owner=vendor:A accepts=v1
    point vpn2 lands=out accepts=v2
    cred v1 known owner=vendor:A
    cred v2 known
    cred admin known owner=vendor:C
    asset emr zone=srv1 jewel=EMR owner=vendor:C
    asset pacs zone=srv2 jewel=PACS
    service emr tcp/3389
    service pacs tcp/3389
    accept admin emr tcp/3389 admin
    accept admin pacs tcp/3389 admin
    firewall fw zones=out,srv1,srv2 default=deny owner=vendor:NI
    rule r-emr fw=fw allow src=zone:out dst=asset:emr port=3389
    rule r-pacs fw=fw allow src=zone:out dst=asset:pacs port=3389 owner=hospital
    rule r-unused fw=fw allow src=zone:out dst=zone:srv1 port=22
    backup bk of=pacs medium=offline
";

#[test]
fn ranking_order_owners_and_only_useful_fixes() {
    // Pairs cut first, then recoveries restored, then stable id; r-unused and the backup
    // (already offline) are not listed; rule owners fall back to the firewall's.
    check_fixes(
        SHARED,
        "
        break_credential:admin owner=vendor:C cut=4 restored=1 pairs=vpn1->emr,vpn1->pacs,vpn2->emr,vpn2->pacs recoveries=emr
        remove_rule:r-emr owner=vendor:NI cut=2 restored=1 pairs=vpn1->emr,vpn2->emr recoveries=emr
        add_mfa:vpn1 owner=vendor:A cut=2 restored=0 pairs=vpn1->emr,vpn1->pacs recoveries=-
        add_mfa:vpn2 owner=hospital cut=2 restored=0 pairs=vpn2->emr,vpn2->pacs recoveries=-
        remove_rule:r-pacs owner=hospital cut=2 restored=0 pairs=vpn1->pacs,vpn2->pacs recoveries=-
        ",
    );
}

#[test]
fn a_credential_accepted_on_one_asset_is_no_break_candidate() {
    let single = SHARED.replace("accept admin pacs tcp/3389 admin", "");
    let ranking = rank_fixes(&facts(&single));
    assert!(
        ranking
            .fixes
            .iter()
            .all(|f| !matches!(f.change, Change::BreakCredential(_)))
    );
}

#[test]
fn a_credential_accepted_on_an_asset_and_a_point_is_a_break_candidate() {
    let fixture = "
        zone a
        point p lands=a accepts=shared
        cred shared known
        asset emr zone=a jewel=EMR
        service emr tcp/3389
        accept shared emr tcp/3389 admin
    ";
    check_fixes(
        fixture,
        "
        add_mfa:p owner=hospital cut=1 restored=1 pairs=p->emr recoveries=emr
        break_credential:shared owner=hospital cut=1 restored=1 pairs=p->emr recoveries=emr
        ",
    );
}

#[test]
fn patch_owner_is_the_assets_and_the_points() {
    let fixture = "
        zone a
        point p lands=a owner=vendor:FW
        vuln CVE-1 on=point:p effect=rce
        asset emr zone=a jewel=EMR owner=vendor:EMRCO
        service emr tcp/443
        vuln CVE-2 on=emr@tcp/443 effect=rce
    ";
    check_fixes(
        fixture,
        "
        patch:CVE-1@point:p owner=vendor:FW cut=1 restored=1 pairs=p->emr recoveries=emr
        patch:CVE-2@asset:emr owner=vendor:EMRCO cut=1 restored=1 pairs=p->emr recoveries=emr
        ",
    );
}

#[test]
fn backup_offline_fix_restores_without_cutting() {
    let fixture = "
        zone a
        point p lands=a open
        cred admin known
        asset emr zone=a jewel=EMR
        asset bk zone=a
        service emr tcp/445
        service bk tcp/445
        accept admin emr tcp/445 admin
        accept admin bk tcp/445 admin
        backup b-online of=emr medium=online held=bk owner=vendor:BK
        backup b-immutable of=emr medium=immutable console=bk
    ";
    check_fixes(
        fixture,
        "
        break_credential:admin owner=hospital cut=1 restored=1 pairs=p->emr recoveries=emr
        backup_offline:b-immutable owner=hospital cut=0 restored=1 pairs=- recoveries=emr
        backup_offline:b-online owner=vendor:BK cut=0 restored=1 pairs=- recoveries=emr
        ",
    );
}

#[test]
fn what_if_reports_unknown_targets() {
    let diff = what_if(
        &facts(SHARED),
        &[
            Change::RemoveRule("nope".into()),
            Change::AddMfa("vpn9".into()),
        ],
    );
    assert_eq!(
        diff.problems,
        vec![
            Problem::UnknownChangeTarget {
                change: "remove_rule:nope".to_owned()
            },
            Problem::UnknownChangeTarget {
                change: "add_mfa:vpn9".to_owned()
            },
        ]
    );
    assert!(diff.pairs_cut.is_empty() && diff.pairs_added.is_empty());
}

#[test]
fn what_if_removing_a_deny_rule_can_add_pairs() {
    let fixture = "
        zone a
        zone b
        point p lands=a open
        cred admin known
        asset emr zone=b jewel=EMR
        service emr tcp/3389
        accept admin emr tcp/3389 admin
        firewall fw zones=a,b default=allow
        rule block fw=fw deny src=any dst=any
    ";
    let diff = what_if(&facts(fixture), &[Change::RemoveRule("block".into())]);
    let added: Vec<String> = diff
        .pairs_added
        .iter()
        .map(|p| format!("{}->{}", p.entry, p.jewel))
        .collect();
    assert_eq!(added, ["p->emr"]);
    assert_eq!(
        diff.recoveries_broken,
        vec!["emr".into()] as Vec<mamori_paths::AssetId>
    );
}

#[test]
fn fix_ids_are_kind_colon_target() {
    let ids: Vec<String> = [
        Change::RemoveRule("r1".into()),
        Change::PatchVuln {
            vuln: "CVE-1".into(),
            on: mamori_paths::Holder::Asset("a".into()),
        },
        Change::BreakCredential("g".into()),
        Change::TakeBackupOffline("b".into()),
        Change::AddMfa("p".into()),
    ]
    .iter()
    .map(Change::stable_id)
    .collect();
    assert_eq!(
        ids,
        [
            "remove_rule:r1",
            "patch:CVE-1@asset:a",
            "break_credential:g",
            "backup_offline:b",
            "add_mfa:p"
        ]
    );
}

#[test]
fn owner_defaults_to_hospital() {
    assert_eq!(Owner::default(), Owner::Hospital);
}

/// Found by the pruning property test: the entry point (a source no rule names) walks the
/// firewall's generic list first; with `f0r0` removed it falls through to the default deny.
/// The PC `a0`, reached after it with the known credential, is named by `f0r1`, which still
/// lets it reach the EMR server's RDP: removing `f0r0` cuts nothing, as re-running says.
#[test]
fn a_removed_rule_falls_through_to_a_later_rule_naming_a_source_reached_later() {
    let fixture = "
        zone z0
        zone z1
        point p0 lands=z0 open
        cred g0 known
        asset a0 zone=z0
        asset a1 zone=z1 jewel=EMR
        asset a2 zone=z0
        service a0 tcp/445
        service a0 tcp/3389
        service a1 tcp/3389
        service a2 tcp/445
        accept g0 a0 tcp/445 user
        accept g0 a1 tcp/3389 admin
        firewall f0 zones=z0,z1 default=deny
        rule f0r0 fw=f0 allow src=any dst=any port=3389
        rule f0r1 fw=f0 allow src=asset:a0 dst=any
    ";
    let facts = facts(fixture);
    let change = Change::RemoveRule("f0r0".into());
    assert!(
        what_if(&facts, std::slice::from_ref(&change))
            .pairs_cut
            .is_empty()
    );
    check_fixes(
        fixture,
        "
        break_credential:g0 owner=hospital cut=1 restored=1 pairs=p0->a1 recoveries=a1
        ",
    );
}
