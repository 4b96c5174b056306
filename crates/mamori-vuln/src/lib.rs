//! mamori's vulnerability matching engine and feed parsers.
//!
//! Pure: no database, no network, no command line. Parsers take bytes or readers and return
//! typed records plus per-record [`Problem`]s; matching evaluates NVD configuration trees per
//! asset over all its CPE names and grades every answer with a confidence [`Tier`].
//!
//! Typical use (what the ledger calls):
//!
//! ```
//! use mamori_vuln::{AssetContext, Matcher, parse_nvd_document};
//! let record = br#"{"id": "CVE-0000-0001", "configurations": [{"nodes": [{"operator": "OR",
//!   "negate": false, "cpeMatch": [{"vulnerable": true,
//!   "criteria": "cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*",
//!   "versionStartIncluding": "7.2.0", "versionEndExcluding": "7.2.3"}]}]}]}"#;
//! let parsed = parse_nvd_document(record);
//! let matcher = Matcher::new(parsed.records, &[]);
//! let asset = AssetContext::from_cpe_names(&["cpe:2.3:o:fortinet:fortios:7.2.2:*:*:*:*:*:*:*"]).unwrap();
//! let findings = matcher.match_asset(&asset);
//! assert_eq!(findings[0].tier.as_str(), "confirmed");
//! ```

pub mod alias;
mod alias_match;
pub mod applicability;
pub mod asset;
pub mod cpe;
pub mod cve5;
pub mod feed;
pub mod jvn;
pub mod kev;
pub mod matcher;
pub mod nvd;
pub mod problem;
pub mod version;

pub use alias::{AliasFileError, AliasFileErrorKind, AliasTable};
pub use applicability::{Applicability, Evidence, Tier, Truth, evaluate_record};
pub use asset::{AssetContext, AssetCpeError};
pub use cpe::{CpeError, Wfn};
pub use cve5::{Cve5Record, parse_cve5, parse_cve5_reader};
pub use feed::{FeedDocument, FeedRecord, FeedSet, FeedSource, read_feed_document};
pub use kev::{KevCatalog, KevEntry, parse_kev, parse_kev_reader};
pub use matcher::{Finding, Matcher, Source};
pub use nvd::{CveRecord, parse_nvd_document, parse_nvd_reader};
pub use problem::{Parsed, Problem};
pub use version::{Incomparable, VersionScheme};
