//! Problems found in the facts. The engine never panics on a broken ledger: it reports each
//! problem, leaves the offending fact out of the analysis, and answers for the rest. A
//! non-empty problem list means paths may be missing, and the UI must say so.

use crate::facts::Port;
use crate::ids::{AssetId, BackupId, FirewallId, PointId, RuleId, VulnId, ZoneId};

/// The kind of record an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdKind {
    Zone,
    Asset,
    Point,
    Firewall,
    Rule,
    CredentialGroup,
    Backup,
    Vulnerability,
}

/// One problem with the facts or with a requested change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Problem {
    /// The second record with this id is ignored.
    DuplicateId { kind: IdKind, id: String },
    /// A fact names a record that does not exist; the fact is ignored.
    UnknownId {
        kind: IdKind,
        id: String,
        referenced_by: String,
    },
    /// The model allows one firewall per zone pair; the engine lets traffic pass when
    /// either firewall passes it (parallel paths), which never hides a path.
    ZonePairJoinedTwice {
        zones: (ZoneId, ZoneId),
        firewalls: (FirewallId, FirewallId),
    },
    /// A firewall joining fewer than two known zones passes nothing.
    FirewallJoinsTooFewZones { firewall: FirewallId },
    /// A connection point without a landing zone gives no presence anywhere.
    PointLandsNowhere { point: PointId },
    /// A vulnerability or credential names a service that is not recorded; it is ignored
    /// because only recorded services can be reached.
    UnrecordedService {
        asset: AssetId,
        port: Port,
        referenced_by: String,
    },
    /// A remote vulnerability on an asset without a service can never be reached.
    RemoteVulnWithoutService { vuln: VulnId, asset: AssetId },
    /// An online copy without a recorded holder is never attackable under the model;
    /// record where it lives.
    OnlineBackupWithoutHolder { backup: BackupId },
    /// An immutable copy without a recorded console is never attackable under the model;
    /// record the console that can expire or delete it.
    ImmutableBackupWithoutConsole { backup: BackupId },
    /// A port range whose low end is above its high end matches nothing.
    EmptyPortRange { rule: RuleId },
    /// A rule whose destination is a connection point matches no service.
    PointAsDestination { rule: RuleId },
    /// A requested change names nothing in the facts.
    UnknownChangeTarget { change: String },
}
