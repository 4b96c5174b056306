//! The ledger → facts conversion of `design/attack-path-model.md` §1: every fact the
//! attack-path engine reads is derived from the hospital ledger, never entered twice.
//!
//! Where the ledger does not say what the model needs, the conversion takes the side that
//! cannot hide a path and records a [`Note`] saying so, so the assumption is visible next
//! to the answer: an unknown "requires authentication" on a connection point is taken as
//! "no", an unknown lockout as "no lockout", an acceptance without a service as every
//! recorded service of the asset, a CIDR endpoint as the zones it overlaps (allow rules) or
//! fully covers (deny rules). Disabled rules and ICMP rules are left out, because they can
//! never carry traffic to a service.
//!
//! Architecture invariant: pure; no IO. Vulnerabilities come from the ledger's hand-recorded
//! ones and, through [`add_findings`], from findings of the vulnerability engine that the
//! caller computed. [`records_to_change`] names the ledger records a fix touches.

mod convert;
mod findings;
mod records;
mod rules;

pub use convert::{Conversion, Note, NoteCode, facts_from_ledger};
pub use findings::{Derived, FindingTarget, FoundVulnerability, add_findings, derive_effect};
pub use records::records_to_change;
