//! The hospital ledger as data: typed records for every kind a hospital keeps
//! (zones, assets, vendors, connection points, firewall rules, credentials, backups …),
//! the relations between them, and the validation that rejects contradictions.
//!
//! Architecture invariant: this crate does no IO. It knows nothing about databases,
//! files, HTTP or the command line. The ledger document format (serde) is part of the
//! domain contract because it is published as `docs/ledger.schema.json`.

mod codes;
mod gaps;
mod ids;
mod ledger;
mod model;
mod problem;
mod validate;
mod values;

pub use codes::*;
pub use gaps::{Gap, GapCode, data_gaps};
pub use ids::*;
pub use ledger::{HOSPITAL_PROFILE_ID, Ledger, RecordBodyError, RecordKind, RecordRef};
pub use model::*;
pub use problem::{Problem, ProblemCode};
pub use validate::{Validated, validate_ledger};
pub use values::{Cidr, Date, MacAddr, PortSpec, ValueError};
