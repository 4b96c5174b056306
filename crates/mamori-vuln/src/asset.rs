//! The asset side of matching: all CPE names of one ledger asset (hardware, OS/firmware,
//! applications), parsed as concrete names and normalised where vendors spell versions in a
//! way NVD splits differently.

use crate::cpe::{AttrValue, Attribute, CpeError, Pattern, Wfn};
use crate::version::{VersionScheme, split_ivanti_version};

/// Every CPE name one asset carries. CPEs of different assets never combine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetContext {
    pub cpes: Vec<Wfn>,
}

/// A CPE name of an asset that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("asset CPE `{name}`: {error}")]
pub struct AssetCpeError {
    pub name: String,
    pub error: CpeError,
}

impl AssetContext {
    /// Parses the asset's CPE names (2.3 formatted strings or 2.2 URIs). `*` in an attribute
    /// means "not known" and can only yield a possible finding.
    pub fn from_cpe_names<S: AsRef<str>>(names: &[S]) -> Result<AssetContext, AssetCpeError> {
        let cpes = names
            .iter()
            .map(|name| {
                Wfn::parse_concrete(name.as_ref())
                    .map(normalize_asset_cpe)
                    .map_err(|error| AssetCpeError {
                        name: name.as_ref().to_owned(),
                        error,
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(AssetContext { cpes })
    }

    pub fn from_wfns(cpes: Vec<Wfn>) -> AssetContext {
        AssetContext {
            cpes: cpes.into_iter().map(normalize_asset_cpe).collect(),
        }
    }
}

/// Moves an Ivanti/Pulse `9.1R11.4` version into NVD's split form (`9.1` + update `r11.4`),
/// so the enumerated criteria (`connect_secure:9.1:r11.4`) compare attribute by attribute.
pub fn normalize_asset_cpe(mut wfn: Wfn) -> Wfn {
    let scheme = match (wfn.vendor(), wfn.product()) {
        (Some(vendor), Some(product)) => VersionScheme::for_product(vendor, product),
        _ => return wfn,
    };
    let update_free = matches!(wfn.get(Attribute::Update), AttrValue::Any | AttrValue::Na);
    if scheme == VersionScheme::Ivanti && update_free {
        let split = wfn
            .get(Attribute::Version)
            .as_literal()
            .and_then(split_ivanti_version);
        if let Some((version, update)) = split {
            wfn.set(
                Attribute::Version,
                AttrValue::Value(Pattern::literal(&version)),
            );
            wfn.set(
                Attribute::Update,
                AttrValue::Value(Pattern::literal(&update)),
            );
        }
    }
    wfn
}
