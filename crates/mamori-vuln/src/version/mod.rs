//! Vendor-aware version ordering.
//!
//! Each scheme parses a version string into a key with a total order; two strings compare when
//! both parse. When either does not, the answer is [`Incomparable`] — which callers must treat
//! as "indeterminate", never as "not vulnerable".

mod schemes;

use std::cmp::Ordering;

pub use schemes::{GenericToken, split_ivanti_version};

/// A version order, chosen from the CPE vendor and product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VersionScheme {
    /// FortiOS, FortiProxy, …: `7.2.4`, `v6.4.11,build2030,221031 (GA.M)`.
    Fortinet,
    /// NetScaler / Citrix ADC and Gateway: `13.1-49.15` (release, then build).
    Citrix,
    /// Pulse / Ivanti Connect Secure and Policy Secure: `9.1R11.4`.
    Ivanti,
    /// SonicOS: `6.5.4.15.116n`, `5.9.2.14-13o`, `7.0.1-5035`.
    SonicOs,
    /// VMware ESXi: `7.0 update 3c`, `7.0u3c`, `7.0.0:update_1a`, patch ids `670-201904201-ug`.
    Esxi,
    /// OpenSSL: `1.0.1g` (the letter is a patch level, not a pre-release).
    OpenSsl,
    /// Windows builds: `10.0.19045.3570`.
    Windows,
    /// Dotted numbers with letter groups; anything ambiguous is incomparable.
    Generic,
}

impl VersionScheme {
    /// Every scheme, for tests and fuzzing that must cover them all.
    pub const ALL: [VersionScheme; 8] = [
        VersionScheme::Fortinet,
        VersionScheme::Citrix,
        VersionScheme::Ivanti,
        VersionScheme::SonicOs,
        VersionScheme::Esxi,
        VersionScheme::OpenSsl,
        VersionScheme::Windows,
        VersionScheme::Generic,
    ];

    /// The comparator for a CPE vendor and product (lower-case, as in CPE names).
    pub fn for_product(vendor: &str, product: &str) -> VersionScheme {
        match (vendor, product) {
            ("fortinet", _) => VersionScheme::Fortinet,
            ("citrix", p) if is_citrix_adc(p) => VersionScheme::Citrix,
            ("ivanti" | "pulsesecure" | "pulse_secure", p) if is_ivanti_gateway(p) => {
                VersionScheme::Ivanti
            }
            ("sonicwall", p) if p.starts_with("sonicos") => VersionScheme::SonicOs,
            ("vmware", "esxi") => VersionScheme::Esxi,
            ("openssl", "openssl") => VersionScheme::OpenSsl,
            ("microsoft", p) if p.starts_with("windows") => VersionScheme::Windows,
            _ => VersionScheme::Generic,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            VersionScheme::Fortinet => "fortinet",
            VersionScheme::Citrix => "citrix",
            VersionScheme::Ivanti => "ivanti",
            VersionScheme::SonicOs => "sonicos",
            VersionScheme::Esxi => "esxi",
            VersionScheme::OpenSsl => "openssl",
            VersionScheme::Windows => "windows",
            VersionScheme::Generic => "generic",
        }
    }

    /// Compares two version strings in this scheme. Escapes (`\(`) are removed first.
    pub fn compare(self, left: &str, right: &str) -> Result<Ordering, Incomparable> {
        let left_clean = unescape(left);
        let right_clean = unescape(right);
        schemes::compare_in_scheme(self, &left_clean, &right_clean).map_err(|reason| Incomparable {
            scheme: self,
            left: left.to_owned(),
            right: right.to_owned(),
            reason,
        })
    }

    /// Whether a version string is in this scheme's domain.
    pub fn accepts(self, version: &str) -> bool {
        schemes::compare_in_scheme(self, &unescape(version), &unescape(version)).is_ok()
    }

    /// Folds an asset's CPE `update` attribute into its version where this scheme keeps patch
    /// levels there (Ivanti `9.0` + `r3.3`, ESXi `7.0` + `update_3c`), so ranges can be compared.
    pub fn fold_update(self, version: &str, update: &str) -> Option<String> {
        match self {
            VersionScheme::Ivanti if update.starts_with('r') => Some(format!("{version}{update}")),
            VersionScheme::Esxi => Some(format!("{version} {update}")),
            _ => None,
        }
    }
}

fn is_citrix_adc(product: &str) -> bool {
    ["netscaler", "application_delivery", "gateway", "adc"]
        .iter()
        .any(|needle| product.contains(needle))
}

fn is_ivanti_gateway(product: &str) -> bool {
    [
        "connect_secure",
        "policy_secure",
        "zero-trust_access",
        "zero_trust_access",
    ]
    .iter()
    .any(|needle| product.contains(needle))
}

/// Removes CPE escaping (`12.6\(1\)` → `12.6(1)`), which NVD also applies to range bounds.
pub fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => out.extend(chars.next()),
            other => out.push(other),
        }
    }
    out
}

/// Two versions that a scheme cannot order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot order `{left}` and `{right}` as {} versions: {reason}", scheme.name())]
pub struct Incomparable {
    pub scheme: VersionScheme,
    pub left: String,
    pub right: String,
    pub reason: String,
}
