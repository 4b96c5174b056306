//! One data-driven test per rule of §2: a small fixture in the line format and the rendered
//! answer it must give. Every witness path is also replayed by the independent verifier.

mod support;

use support::{check, check_lines};

/// An open point landing in `a`, a server in `a` and one in `b`, both taken by the known
/// `admin` credential over RDP. Tests add the firewall and rules they are about.
const TWO_ZONES: &str = "
    zone a
    zone b
    point p lands=a open
    asset s1 zone=a
    asset s2 zone=b jewel=EMR
    service s1 tcp/3389
    service s2 tcp/3389
    cred admin known
    accept admin s1 tcp/3389 admin
    accept admin s2 tcp/3389 admin
";

fn with(extra: &str) -> String {
    format!("{TWO_ZONES}\n{extra}")
}

#[test]
fn source_ip_restricted_entry_gives_nothing() {
    check_lines(
        &TWO_ZONES.replace("point p lands=a open", "point p lands=a open restricted"),
        &["entry"],
        "entry p entered=restricted controlled=- footholds=- held=admin",
    );
}

#[test]
fn open_point_gives_presence_and_same_zone_traffic_passes() {
    check_lines(
        TWO_ZONES,
        &["entry"],
        "entry p entered=present controlled=s1 footholds=- held=admin",
    );
}

#[test]
fn no_firewall_means_no_traffic_between_zones() {
    check_lines(TWO_ZONES, &["reached"], "");
}

#[test]
fn mfa_stops_a_credential_login() {
    let fixture = "
        zone a
        asset s zone=a
        service s tcp/445
        cred vpn known
        cred admin known
        accept admin s tcp/445 admin
        point p lands=a accepts=vpn mfa
    ";
    check_lines(
        fixture,
        &["entry"],
        "entry p entered=no controlled=- footholds=- held=admin,vpn",
    );
    check_lines(
        &fixture.replace(" mfa", ""),
        &["entry"],
        "entry p entered=present controlled=s footholds=- held=admin,vpn",
    );
}

#[test]
fn mfa_does_not_stop_an_unauthenticated_rce() {
    check_lines(
        "
        zone a
        asset s zone=a
        service s tcp/445
        cred admin
        store admin point:p
        accept admin s tcp/445 admin
        point p lands=a mfa
        vuln CVE-1 on=point:p effect=rce
        ",
        &["entry", "  "],
        "entry p entered=controlled controlled=s footholds=- held=admin",
    );
}

#[test]
fn mfa_stops_a_point_vulnerability_that_needs_the_login() {
    let fixture = "
        zone a
        cred vpn known
        point p lands=a accepts=vpn mfa
        vuln CVE-1 on=point:p effect=rce auth
    ";
    check_lines(
        fixture,
        &["entry"],
        "entry p entered=no controlled=- footholds=- held=vpn",
    );
    check_lines(
        &fixture.replace(" mfa", ""),
        &["entry"],
        "entry p entered=controlled controlled=- footholds=- held=vpn",
    );
}

#[test]
fn login_to_the_point_gives_presence_not_its_stored_credentials() {
    check_lines(
        "
        zone a
        cred vpn known
        cred saved
        store saved point:p
        point p lands=a accepts=vpn
        ",
        &["entry"],
        "entry p entered=present controlled=- footholds=- held=vpn",
    );
}

#[test]
fn a_credential_found_inside_opens_the_point_later() {
    // Open point with a vulnerability that needs the login: the credential is found on a
    // server behind it, then the point itself is taken and gives up what it stores.
    check(
        "
        zone a
        asset s zone=a
        service s tcp/22
        cred web known
        cred vpnadmin
        cred vault
        accept web s tcp/22 admin
        store vpnadmin s
        store vault point:p
        point p lands=a open accepts=vpnadmin
        vuln CVE-9 on=point:p effect=bypass auth
        ",
        "
        entry p entered=controlled controlled=s footholds=- held=vault,vpnadmin,web
        exposure s 1/1
        ",
    );
}

#[test]
fn user_foothold_gives_no_stored_credentials() {
    let fixture = "
        zone a
        point p lands=a open
        asset pc zone=a
        asset emr zone=a jewel=EMR
        service pc tcp/3389
        service emr tcp/445
        cred user known
        cred dadmin
        accept user pc tcp/3389 user
        store dadmin pc
        accept dadmin emr tcp/445 admin
    ";
    check(
        fixture,
        "
        entry p entered=present controlled=- footholds=pc held=user
        recovery emr (EMR) ok reached_from=- broken_from=-
        ",
    );
    // The same credential at admin level makes the stored one usable.
    check_lines(
        &fixture.replace(
            "accept user pc tcp/3389 user",
            "accept user pc tcp/3389 admin",
        ),
        &["entry", "reached", "  "],
        "
        entry p entered=present controlled=emr,pc footholds=- held=dadmin,user
        reached p -> emr
          enter p open
          logon pc tcp/3389 cred=user admin from=point:p via=same-zone
          harvest dadmin from=asset:pc
          logon emr tcp/445 cred=dadmin admin from=point:p via=same-zone
        ",
    );
}

#[test]
fn user_foothold_plus_local_privilege_escalation_gives_control() {
    check_lines(
        "
        zone a
        point p lands=a open
        asset pc zone=a jewel=検査
        service pc tcp/3389
        cred user known
        accept user pc tcp/3389 user
        vuln CVE-LPE on=pc effect=lpe
        ",
        &["entry", "reached", "  "],
        "
        entry p entered=present controlled=pc footholds=- held=user
        reached p -> pc
          enter p open
          logon pc tcp/3389 cred=user user from=point:p via=same-zone
          escalate pc CVE-LPE
        ",
    );
}

#[test]
fn authenticated_vulnerability_needs_a_credential_on_that_same_service() {
    let fixture = "
        zone a
        point p lands=a open
        asset s zone=a jewel=PACS
        service s tcp/443 tcp/104
        cred viewer known
        accept viewer s tcp/104 user
        vuln CVE-2 on=s@tcp/443 effect=rce auth
    ";
    check_lines(
        fixture,
        &["entry"],
        "entry p entered=present controlled=- footholds=s held=viewer",
    );
    check_lines(
        &fixture.replace(
            "accept viewer s tcp/104 user",
            "accept viewer s tcp/443 user",
        ),
        &["entry", "  "],
        "
        entry p entered=present controlled=s footholds=- held=viewer
          enter p open
          exploit s tcp/443 CVE-2 cred=viewer from=point:p via=same-zone
        ",
    );
}

#[test]
fn first_matching_rule_decides() {
    let deny_first = with(
        "
        firewall fw zones=a,b default=allow
        rule r1 fw=fw deny src=zone:a dst=asset:s2 port=3389 proto=tcp
        rule r2 fw=fw allow src=any dst=any
        ",
    );
    check_lines(
        &deny_first,
        &["entry"],
        "entry p entered=present controlled=s1 footholds=- held=admin",
    );
    let allow_first = with(
        "
        firewall fw zones=a,b default=deny
        rule r2 fw=fw allow src=any dst=any
        rule r1 fw=fw deny src=zone:a dst=asset:s2 port=3389 proto=tcp
        ",
    );
    check_lines(
        &allow_first,
        &["entry", "reached", "  "],
        "
        entry p entered=present controlled=s1,s2 footholds=- held=admin
        reached p -> s2
          enter p open
          logon s2 tcp/3389 cred=admin admin from=point:p via=fw/r2
        ",
    );
}

#[test]
fn a_later_rule_for_the_same_zone_does_not_override_an_earlier_one() {
    // Three zones, so the scan does not stop after deciding zone a.
    let fixture = with(
        "
        zone c
        firewall fw zones=a,b,c default=allow
        rule r1 fw=fw deny src=zone:a dst=zone:b port=3389
        rule r2 fw=fw allow src=zone:a dst=asset:s2
        ",
    );
    check_lines(&fixture, &["reached"], "");
}

#[test]
fn default_action_decides_when_no_rule_matches() {
    let allow =
        with("firewall fw zones=a,b default=allow\nrule r1 fw=fw deny src=any dst=any port=22");
    check_lines(
        &allow,
        &["  logon s2"],
        "  logon s2 tcp/3389 cred=admin admin from=point:p via=fw/default",
    );
    let deny =
        with("firewall fw zones=a,b default=deny\nrule r1 fw=fw allow src=any dst=any port=22");
    check_lines(&deny, &["reached"], "");
}

#[test]
fn port_range_and_protocol_must_match() {
    let udp_only = with(
        "firewall fw zones=a,b default=deny\nrule r1 fw=fw allow src=any dst=any port=3000-4000 proto=udp",
    );
    check_lines(&udp_only, &["reached"], "");
    let tcp_range = with(
        "firewall fw zones=a,b default=deny\nrule r1 fw=fw allow src=any dst=any port=3000-4000 proto=tcp",
    );
    check_lines(&tcp_range, &["reached"], "reached p -> s2");
}

#[test]
fn rule_naming_one_source_asset_matches_only_that_asset() {
    // Only s1 may reach s2; the attacker behind p (same zone as s1) must take s1 first.
    check_lines(
        &with(
            "firewall fw zones=a,b default=deny\nrule r1 fw=fw allow src=asset:s1 dst=asset:s2 port=3389",
        ),
        &["  "],
        "
          enter p open
          logon s1 tcp/3389 cred=admin admin from=point:p via=same-zone
          logon s2 tcp/3389 cred=admin admin from=asset:s1 via=fw/r1
        ",
    );
}

#[test]
fn rule_naming_the_point_matches_traffic_from_behind_it() {
    let fixture =
        with("firewall fw zones=a,b default=deny\nrule r1 fw=fw allow src=point:p dst=zone:b");
    check_lines(
        &fixture,
        &["  logon s2"],
        "  logon s2 tcp/3389 cred=admin admin from=point:p via=fw/r1",
    );
    let other = fixture.replace("src=point:p", "src=point:q") + "\npoint q lands=b";
    check_lines(&other, &["reached p"], "");
}

#[test]
fn a_named_source_can_be_denied_before_its_zone_is_allowed() {
    // s1 is denied by name, the rest of zone a allowed: the point still gets through.
    check_lines(
        &with(
            "
            firewall fw zones=a,b default=deny
            rule r0 fw=fw deny src=asset:s1 dst=any
            rule r1 fw=fw allow src=zone:a dst=zone:b port=3389
            ",
        ),
        &["  logon s2"],
        "  logon s2 tcp/3389 cred=admin admin from=point:p via=fw/r1",
    );
}

#[test]
fn no_chaining_through_a_third_zone() {
    let three = "
        zone a
        zone b
        zone c
        point p lands=a open
        asset mid zone=b
        asset emr zone=c jewel=EMR
        service mid tcp/3389
        service emr tcp/3389
        cred admin known
        accept admin emr tcp/3389 admin
        firewall fw1 zones=a,b default=allow
        firewall fw2 zones=b,c default=allow
    ";
    check_lines(
        three,
        &["entry"],
        "entry p entered=present controlled=- footholds=- held=admin",
    );
    // Once the attacker holds an asset in b, traffic crosses on from there.
    check_lines(
        &format!("{three}\naccept admin mid tcp/3389 admin"),
        &["entry", "  "],
        "
        entry p entered=present controlled=emr,mid footholds=- held=admin
          enter p open
          logon mid tcp/3389 cred=admin admin from=point:p via=fw1/default
          logon emr tcp/3389 cred=admin admin from=asset:mid via=fw2/default
        ",
    );
}

#[test]
fn a_firewall_joining_three_zones_joins_every_pair() {
    let fixture = "
        zone a
        zone b
        zone c
        point p lands=a open
        asset emr zone=c jewel=EMR
        service emr tcp/3389
        cred admin known
        accept admin emr tcp/3389 admin
        firewall core zones=a,b,c default=deny
        rule r1 fw=core allow src=zone:a dst=zone:c port=3389
    ";
    check_lines(
        fixture,
        &["  logon"],
        "  logon emr tcp/3389 cred=admin admin from=point:p via=core/r1",
    );
}

#[test]
fn intra_zone_traffic_passes_whatever_the_firewall_says() {
    check_lines(
        &with("firewall fw zones=a,b default=deny\nrule r1 fw=fw deny src=any dst=any"),
        &["entry"],
        "entry p entered=present controlled=s1 footholds=- held=admin",
    );
}

#[test]
fn only_recorded_services_can_be_reached() {
    check(
        "
        zone a
        point p lands=a open
        asset s zone=a
        service s tcp/22
        vuln CVE-3 on=s@tcp/445 effect=rce
        ",
        "
        problem UnrecordedService { asset: AssetId(\"s\"), port: Port { proto: Tcp, number: 445 }, referenced_by: \"vulnerability CVE-3\" }
        entry p entered=present controlled=- footholds=- held=-
        ",
    );
}
