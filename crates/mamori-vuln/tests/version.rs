//! Vendor version orders: data-driven checks and ordering laws on each scheme's domain.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    reason = "tests and their helpers report failures by panicking"
)]

use std::cmp::Ordering;

use mamori_vuln::VersionScheme;
use proptest::prelude::*;

/// `expected` is `<`, `=`, `>` or `?` (incomparable).
fn check(scheme: VersionScheme, left: &str, right: &str, expected: &str) {
    let actual = match scheme.compare(left, right) {
        Ok(Ordering::Less) => "<",
        Ok(Ordering::Equal) => "=",
        Ok(Ordering::Greater) => ">",
        Err(_) => "?",
    };
    assert_eq!(actual, expected, "{scheme:?}: {left} vs {right}");
}

#[test]
fn selects_scheme_by_vendor_and_product() {
    let cases = [
        ("fortinet", "fortios", VersionScheme::Fortinet),
        (
            "citrix",
            "netscaler_application_delivery_controller",
            VersionScheme::Citrix,
        ),
        ("ivanti", "connect_secure", VersionScheme::Ivanti),
        ("pulsesecure", "pulse_connect_secure", VersionScheme::Ivanti),
        ("sonicwall", "sonicos", VersionScheme::SonicOs),
        ("vmware", "esxi", VersionScheme::Esxi),
        ("openssl", "openssl", VersionScheme::OpenSsl),
        ("microsoft", "windows_10_22h2", VersionScheme::Windows),
        ("apache", "log4j", VersionScheme::Generic),
    ];
    for (vendor, product, expected) in cases {
        assert_eq!(
            VersionScheme::for_product(vendor, product),
            expected,
            "{vendor}:{product}"
        );
    }
}

#[test]
fn fortinet() {
    use VersionScheme::Fortinet as F;
    check(F, "7.2.4", "7.2.3", ">");
    check(F, "7.2.2", "7.2.3", "<");
    check(F, "6.4.10", "6.4.9", ">");
    check(F, "v6.4.11,build2030,221031 (GA.M)", "6.4.11", "=");
    check(F, "7.0", "7.0.0", "=");
    check(F, "7.2.4", "build1396", "?");
}

#[test]
fn citrix() {
    use VersionScheme::Citrix as C;
    check(C, "13.1-49.15", "13.1-49.13", ">");
    check(C, "13.1-48.47", "13.1-49.15", "<");
    check(C, "12.1-55.300", "12.1-55.297", ">");
    check(C, "12.1", "12.1-55.297", "<");
    check(C, "14.1-8.50", "13.1-49.15", ">");
    check(C, "NS10.0: Build 54.6.nc", "10.0-54.6", "=");
    check(C, "13.1-abc", "13.1", "?");
}

#[test]
fn ivanti() {
    use VersionScheme::Ivanti as I;
    check(I, "9.1R11.4", "9.1r11.3", ">");
    check(I, "9.0R3.4", "9.0R3.3", ">");
    check(I, "9.1R2", "9.1R11.4", "<");
    check(I, "22.7R2.4", "22.7R2.5", "<");
    check(I, "9.1", "9.1R1", "<");
    check(I, "8.2r1.0", "8.2R1", "=");
    check(I, "R1", "9.1", "?");
}

#[test]
fn sonicos() {
    use VersionScheme::SonicOs as S;
    check(S, "6.5.4.15.116n", "6.5.4.15.117n", "<");
    check(S, "6.5.4.15-116n", "6.5.4.15.116n", "=");
    check(S, "5.9.2.14-13o", "5.9.2.14-12o", ">");
    check(S, "7.0.1-5035", "7.0.1-5036", "<");
    check(S, "7.0.1-5035", "6.5.4.15.116n", ">");
    check(S, "6.5.2.8-2n", "6.5.2.8-2o", "?");
}

#[test]
fn esxi() {
    use VersionScheme::Esxi as E;
    check(E, "7.0 update 3c", "7.0u3c", "=");
    check(E, "7.0u3c", "7.0u3d", "<");
    check(E, "7.0u2", "7.0u1a", ">");
    check(E, "7.0.0 update_1a", "7.0u1a", "=");
    check(E, "7.0", "7.0u1", "<");
    check(E, "ESXi70U1c-17325551", "7.0 update 1c", "=");
    check(E, "6.7 670-201904201-ug", "6.7 670-202102401-sg", "<");
    check(E, "6.7u3", "6.7 670-202102401-sg", "?");
    check(E, "6.7 670-202102401-sg", "7.0", "<");
}

#[test]
fn openssl() {
    use VersionScheme::OpenSsl as O;
    check(O, "1.0.1", "1.0.1a", "<");
    check(O, "1.0.1f", "1.0.1g", "<");
    check(O, "1.0.1z", "1.0.1za", "<");
    check(O, "1.0.2", "1.0.1zz", ">");
    check(O, "3.0.7", "3.0.10", "<");
    check(O, "1.0.2-beta1", "1.0.2", "?");
}

#[test]
fn windows() {
    use VersionScheme::Windows as W;
    check(W, "10.0.19045.3570", "10.0.19045.3693", "<");
    check(W, "10.0.20348.2762", "10.0.19045.9999", ">");
    check(W, "10.0.20348..2762", "10.0.20348.2762", "?");
}

#[test]
fn generic_fallback() {
    use VersionScheme::Generic as G;
    check(G, "2.14.1", "2.15.0", "<");
    check(G, "2.0", "2.0.0", "=");
    check(G, "2.0-beta9", "2.0-rc1", "<");
    check(G, "1.8.0_141", "1.8.0_20", ">");
    check(G, "012u000062", "012U000061", ">");
    check(G, "1.0", "1.0a", "?");
    check(G, "va10", "13.02", "?");
    check(G, "002.003\\(002.000\\)", "002.003(002.001)", "<");
}

/// Ordering laws on strings drawn from one scheme's domain; incomparable pairs are allowed,
/// but whatever is answered must be consistent.
fn check_laws(scheme: VersionScheme, a: &str, b: &str, c: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        scheme.compare(a, a),
        Ok(Ordering::Equal),
        "reflexive: {}",
        a
    );
    if let (Ok(ab), Ok(ba)) = (scheme.compare(a, b), scheme.compare(b, a)) {
        prop_assert_eq!(ab, ba.reverse(), "antisymmetric: {} {}", a, b);
    }
    prop_assert_eq!(scheme.compare(a, b).is_ok(), scheme.compare(b, a).is_ok());
    if let (Ok(ab), Ok(bc)) = (scheme.compare(a, b), scheme.compare(b, c)) {
        if ab == bc || bc == Ordering::Equal {
            prop_assert_eq!(
                scheme.compare(a, c),
                Ok(ab),
                "transitive: {} {} {}",
                a,
                b,
                c
            );
        } else if ab == Ordering::Equal {
            prop_assert_eq!(
                scheme.compare(a, c),
                Ok(bc),
                "transitive: {} {} {}",
                a,
                b,
                c
            );
        }
    }
    Ok(())
}

macro_rules! laws {
    ($name:ident, $scheme:expr, $domain:expr) => {
        proptest! {
            #[test]
            fn $name(a in $domain, b in $domain, c in $domain) {
                check_laws($scheme, &a, &b, &c)?;
            }
        }
    };
}

laws!(
    fortinet_laws,
    VersionScheme::Fortinet,
    "v?[0-7]\\.[0-4](\\.[0-3])?(,build[0-9]{3})?"
);
laws!(
    citrix_laws,
    VersionScheme::Citrix,
    "1[2-4]\\.[01](-[4-5][0-9]\\.[0-9]{1,3})?"
);
laws!(
    ivanti_laws,
    VersionScheme::Ivanti,
    "(9\\.[01]|22\\.7)([rR][0-9]{1,2}(\\.[0-9])?)?"
);
laws!(
    sonicos_laws,
    VersionScheme::SonicOs,
    "[5-7]\\.[0-9]\\.[0-9]([.-][0-9]{1,2}){0,2}[no]?"
);
laws!(
    esxi_laws,
    VersionScheme::Esxi,
    "(6\\.[57]|7\\.0)( update [1-3][a-c]?|u[1-3][a-c]?| 670-20190[1-9]20[1-4]-(ug|sg))?"
);
laws!(
    openssl_laws,
    VersionScheme::OpenSsl,
    "[01]\\.[0-2]\\.[0-2][a-z]{0,2}"
);
laws!(
    windows_laws,
    VersionScheme::Windows,
    "10\\.0(\\.1904[0-9](\\.[0-9]{1,4})?)?"
);
laws!(
    generic_laws,
    VersionScheme::Generic,
    "[0-9]{1,2}(\\.[0-9]{1,2}){0,3}([-.]?(alpha|beta|rc|x)[0-9]?)?"
);

proptest! {
    #[test]
    fn compare_never_panics(a in "\\PC{0,30}", b in "\\PC{0,30}") {
        for scheme in [VersionScheme::Fortinet, VersionScheme::Citrix, VersionScheme::Ivanti, VersionScheme::SonicOs,
                       VersionScheme::Esxi, VersionScheme::OpenSsl, VersionScheme::Windows, VersionScheme::Generic] {
            let _ = scheme.compare(&a, &b);
        }
    }
}
