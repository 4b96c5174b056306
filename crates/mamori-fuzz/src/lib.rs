//! Fuzzing harnesses: one function per parser boundary, taking arbitrary bytes.
//!
//! Each harness checks a law besides "does not panic" (a re-parse gives the same thing, an
//! ordering is antisymmetric, a stored feed record reads back), and panics when a law breaks:
//! that is how libFuzzer (`fuzz/`, `cargo fuzz run NAME`) and the replay tests in `tests/`
//! notice. Pure: bytes in, nothing out.

#![allow(
    clippy::panic,
    reason = "a broken law must stop the fuzzer with the input that broke it"
)]

use std::cmp::Ordering;

use mamori_core::Ledger;
use mamori_vuln::{AssetContext, FeedSet, Matcher, VersionScheme, Wfn, read_feed_document};

/// A harness: bytes in, a panic when a law breaks.
pub type Harness = fn(&[u8]);

/// Every harness by name, as `fuzz/fuzz_targets/NAME.rs` calls it.
pub const HARNESSES: [(&str, Harness); 6] = [
    ("feed_document", feed_document),
    ("cpe_name", cpe_name),
    ("version_order", version_order),
    ("ledger_json", ledger_json),
    ("ledger_csv", ledger_csv),
    ("ledger_xlsx", ledger_xlsx),
];

/// Assets the feed harness matches every parsed record against: concrete, unknown version,
/// an AND pair (firmware on hardware), and an application.
const PROBE_ASSETS: [&[&str]; 4] = [
    &["cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*"],
    &["cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*"],
    &[
        "cpe:2.3:o:sonicwall:sonicos:7.0.1-5035:*:*:*:*:*:*:*",
        "cpe:2.3:h:sonicwall:tz670:-:*:*:*:*:*:*:*",
    ],
    &["cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*"],
];

/// A feed file of any kind (NVD, CVE 5, KEV, JVN): read it as `mamori feed import` does, then
/// read every record it would store back as `vuln match` does, then match probe assets.
/// Law: a record accepted for storage reads back without a problem the import did not report.
pub fn feed_document(data: &[u8]) {
    let document = read_feed_document(data);
    for problem in &document.problems {
        if problem.message.trim().is_empty() {
            panic!("a feed problem without a message: {problem:?}");
        }
    }
    let set = FeedSet::from_bodies(
        document
            .records
            .iter()
            .map(|record| (record.source, record.body.as_str())),
    );
    // Reading back may only repeat what the import already reported (a record with one
    // unreadable criterion is kept for its other criteria, and said so at import).
    for problem in &set.problems {
        let reported = document
            .problems
            .iter()
            .any(|p| p.record == problem.record && p.message == problem.message);
        if !reported {
            panic!("a stored record reads back with a new problem: {problem:?}");
        }
    }
    let matcher = Matcher::new(set.nvd, &set.cve5);
    for names in PROBE_ASSETS {
        let Ok(asset) = AssetContext::from_cpe_names(names) else {
            panic!("probe asset {names:?} does not parse");
        };
        for finding in matcher.match_asset(&asset) {
            let _tier = finding.tier.as_str();
        }
    }
}

/// A CPE name in either binding. Law: a parsed name, written as a 2.3 formatted string,
/// parses back to the same name.
pub fn cpe_name(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(name) = Wfn::parse(text) else {
        return;
    };
    let written = name.to_string();
    match Wfn::parse(&written) {
        Ok(again) if again == name => {}
        Ok(again) => panic!("{text:?} → {written:?} → {again:?} differs from {name:?}"),
        Err(error) => panic!("{text:?} → {written:?} does not parse back: {error}"),
    }
    let _concrete = Wfn::parse_concrete(text);
}

/// Two version strings separated by a NUL byte, compared in every vendor scheme.
/// Laws: comparing is antisymmetric (a < b exactly when b > a; incomparable both ways),
/// and a version equals itself unless it cannot be read at all.
pub fn version_order(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (left, right) = text.split_once('\0').unwrap_or((&text, ""));
    for scheme in VersionScheme::ALL {
        let forward = scheme.compare(left, right).ok();
        let backward = scheme.compare(right, left).ok();
        if forward != backward.map(Ordering::reverse) {
            panic!("{scheme:?}: {left:?} vs {right:?} gives {forward:?}, reversed {backward:?}");
        }
        if let Ok(order) = scheme.compare(left, left)
            && order != Ordering::Equal
        {
            panic!("{scheme:?}: {left:?} is {order:?} than itself");
        }
    }
}

/// A ledger JSON document. Law: an accepted document exports, re-imports and exports again
/// to the same bytes.
pub fn ledger_json(data: &[u8]) {
    let Ok(ledger) = mamori_interchange::ledger_from_json("fuzz.json", data) else {
        return;
    };
    let Ok(first) = mamori_interchange::ledger_to_json(&ledger) else {
        return;
    };
    let again = match mamori_interchange::ledger_from_json("fuzz.json", first.as_bytes()) {
        Ok(again) => again,
        Err(problems) => panic!("an exported ledger does not import: {problems:?}"),
    };
    match mamori_interchange::ledger_to_json(&again) {
        Ok(second) if second == first => {}
        Ok(second) => panic!("export → import → export differs:\n{first}\n{second}"),
        Err(error) => panic!("a re-imported ledger does not export: {error}"),
    }
}

/// A CSV file (any encoding) named like the asset ledger, read and checked as an import
/// into an empty ledger. Law: every problem names the file it was found in.
pub fn ledger_csv(data: &[u8]) {
    let existing = Ledger::default();
    let read = mamori_interchange::read_csv("機器台帳.csv", data, None, &existing);
    for problem in &read.problems {
        if problem.location.file != "機器台帳.csv" {
            panic!("a problem names another file: {problem:?}");
        }
    }
    if read.problems.is_empty() {
        let _checked = mamori_interchange::check_import(&existing, &read);
    }
}

/// An XLSX workbook (a zip), read as an import into an empty ledger. Law: as for CSV.
pub fn ledger_xlsx(data: &[u8]) {
    let existing = Ledger::default();
    let read = mamori_interchange::read_xlsx("台帳.xlsx", data, &existing);
    for problem in &read.problems {
        if problem.location.file != "台帳.xlsx" {
            panic!("a problem names another file: {problem:?}");
        }
    }
    if read.problems.is_empty() {
        let _checked = mamori_interchange::check_import(&existing, &read);
    }
}
