//! The attack-path engine of mamori: the contract of `design/attack-path-model.md`,
//! implemented as a pure function of facts.
//!
//! Facts in ([`Facts`]), answers out ([`Analysis`], [`FixRanking`], [`WhatIf`]). The crate does
//! no IO: no database, files, network or command line. The ledger → facts conversion lives
//! elsewhere; what it must do first is listed in [`facts`].
//!
//! ```text
//! let engine = mamori_paths::Engine::new(&facts);       // compile + all entry fixpoints
//! let analysis = engine.analysis();                     // §2 rules 1–6, witness paths
//! let ranking = engine.rank_fixes();                    // §3, reusing the base runs
//! let diff = mamori_paths::what_if(&facts, &changes);   // any set of changes
//! ```
//!
//! Evaluation is at zone granularity: each firewall's first-match rule scan runs once per
//! destination service, grouped by source zone (`src/filter.rs`); each entry point then runs its
//! own worklist fixpoint (`src/engine.rs`). Host×host pairs are never built.
//!
//! Where the contract leaves room, this crate decides as follows:
//! * A vulnerability of an entry point that needs authentication, and a local privilege
//!   escalation there, need a login at the point (a held credential it accepts, no MFA), also
//!   at a point that needs no authentication for mere presence.
//! * A connection point may land in several zones; behind it the attacker sends from each.
//! * A zone pair joined by two firewalls is a reported problem; traffic passes when either
//!   firewall passes it (parallel paths), so no path is hidden.
//! * A local privilege escalation acts on its asset whatever port it was found on; a remote
//!   vulnerability without a recorded service is reported and never reachable.
//! * An online copy without a holder, or an immutable copy without a console, is never
//!   attackable (as the contract says) and is reported as a problem, because the answer then
//!   rests on a missing fact.
//! * A rule whose destination is a connection point matches nothing (points have no services).
//! * "Accepted on two or more assets/points" for credential candidates counts the recorded
//!   acceptances, including those naming an unrecorded service.
//! * Groups known to the attacker are listed as held even for a source-IP restricted entry.

mod analysis;
mod engine;
mod explain;
mod exposure;
pub mod facts;
mod filter;
mod fixes;
mod ids;
mod model;
mod path;
mod problem;
mod render;
pub mod synthetic;
pub mod text;
mod verify;
mod what_if;

pub use analysis::{
    Analysis, CopyStatus, Engine, Entered, EntryResult, Exposure, ReachedPair, Recovery, analyze,
    validate,
};
pub use explain::{Explainer, Lang};
pub use exposure::{ExposureBand, FindingExposure};
pub use facts::*;
pub use fixes::{Change, Fix, FixRanking, Pair, rank_fixes};
pub use ids::*;
pub use path::{EnterMeans, Hop, Origin, Passage};
pub use problem::{IdKind, Problem};
pub use render::{render_analysis, render_fixes, render_hop};
pub use text::{TextError, parse_facts};
pub use verify::verify_path;
pub use what_if::{WhatIf, apply_changes, compare, what_if};
