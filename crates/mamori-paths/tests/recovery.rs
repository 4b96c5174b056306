//! Rule 6: which backup copies are attackable and when recovery of a crown jewel is broken.

mod support;

use support::check_lines;

/// The attacker controls `srv` and the jewel from the open point; `console` only when the
/// fixture makes it reachable.
const BASE: &str = "
    zone a
    zone vault
    point p lands=a open
    asset emr zone=a jewel=電子カルテ
    asset srv zone=a
    asset console zone=vault
    service emr tcp/445
    service srv tcp/445
    service console tcp/443
    cred admin known
    accept admin emr tcp/445 admin
    accept admin srv tcp/445 admin
";

fn recovery(extra: &str, expected: &str) {
    check_lines(
        &format!("{BASE}\n{extra}"),
        &["recovery", "  copy"],
        expected,
    );
}

#[test]
fn reached_jewel_without_any_backup_is_broken() {
    recovery(
        "",
        "recovery emr (電子カルテ) BROKEN reached_from=p broken_from=p",
    );
}

#[test]
fn jewel_no_entry_reaches_is_not_broken() {
    check_lines(
        &BASE.replace("accept admin emr tcp/445 admin", ""),
        &["recovery"],
        "recovery emr (電子カルテ) ok reached_from=- broken_from=-",
    );
}

#[test]
fn online_copy_on_a_controlled_holder_is_attackable() {
    recovery(
        "backup b1 of=emr medium=online held=srv",
        "
        recovery emr (電子カルテ) BROKEN reached_from=p broken_from=p
          copy b1 online attackable_from=p
        ",
    );
}

#[test]
fn online_copy_on_an_unreached_holder_survives() {
    recovery(
        "backup b1 of=emr medium=online held=console tested",
        "
        recovery emr (電子カルテ) ok reached_from=p broken_from=-
          copy b1 online attackable_from=-
        ",
    );
}

#[test]
fn immutable_copy_is_attackable_only_when_its_console_is_controlled() {
    recovery(
        "backup b1 of=emr medium=immutable held=srv console=console",
        "
        recovery emr (電子カルテ) ok survivor-untested reached_from=p broken_from=-
          copy b1 immutable attackable_from=-
        ",
    );
    let console_taken = "
        backup b1 of=emr medium=immutable held=srv console=console
        firewall fw zones=a,vault default=allow
        accept admin console tcp/443 admin
    ";
    recovery(
        console_taken,
        "
        recovery emr (電子カルテ) BROKEN reached_from=p broken_from=p
          copy b1 immutable attackable_from=p
        ",
    );
}

#[test]
fn immutable_copy_without_a_recorded_console_survives_and_is_reported() {
    check_lines(
        &format!("{BASE}\nbackup b1 of=emr medium=immutable held=srv tested"),
        &["problem", "recovery"],
        "
        problem ImmutableBackupWithoutConsole { backup: BackupId(\"b1\") }
        recovery emr (電子カルテ) ok reached_from=p broken_from=-
        ",
    );
}

#[test]
fn offline_copy_is_never_attackable() {
    recovery(
        "backup b1 of=emr medium=online held=srv\nbackup b2 of=emr medium=offline held=srv console=srv tested",
        "
        recovery emr (電子カルテ) ok reached_from=p broken_from=-
          copy b1 online attackable_from=p
          copy b2 offline attackable_from=-
        ",
    );
}

#[test]
fn restore_tested_never_changes_broken() {
    for tested in ["", " tested"] {
        recovery(
            &format!("backup b1 of=emr medium=online held=srv{tested}"),
            "
            recovery emr (電子カルテ) BROKEN reached_from=p broken_from=p
              copy b1 online attackable_from=p
            ",
        );
    }
}

#[test]
fn broken_only_under_an_entry_that_also_takes_every_copy() {
    // Entry q reaches the jewel but not the backup holder; entry p reaches both.
    let fixture = "
        zone a
        zone b
        point p lands=a open
        point q lands=b open
        asset emr zone=b jewel=EMR
        asset bk zone=a
        service emr tcp/445
        service bk tcp/445
        cred admin known
        accept admin emr tcp/445 admin
        accept admin bk tcp/445 admin
        firewall fw zones=a,b default=deny
        rule r1 fw=fw allow src=zone:a dst=zone:b port=445
        backup b1 of=emr medium=online held=bk
    ";
    check_lines(
        fixture,
        &["recovery", "  copy", "exposure"],
        "
        recovery emr (EMR) BROKEN reached_from=p,q broken_from=p
          copy b1 online attackable_from=p
        exposure emr 2/2
        exposure bk 1/2
        ",
    );
}
