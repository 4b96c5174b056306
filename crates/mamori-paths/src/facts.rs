//! The engine's input: the facts of `attack-path-model.md` §1, nothing more.
//!
//! The ledger → facts conversion lives outside this crate. Things the conversion must do
//! before calling the engine, because the engine deliberately does not know them:
//! * drop disabled firewall rules (a disabled rule is simply not given to the engine);
//! * order each firewall's rules by position (the engine reads `rules` in slice order);
//! * resolve CIDR rule endpoints to zones/assets, and `accepted on` without a service to the
//!   services the credential really opens;
//! * give every rule an id that is unique across all firewalls.

use crate::ids::{AssetId, BackupId, CredGroupId, FirewallId, PointId, RuleId, VulnId, ZoneId};

/// Who must act on a fact: the hospital itself or the vendor that manages it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Owner {
    #[default]
    Hospital,
    /// The managing vendor, by name or ledger id.
    Vendor(String),
}

/// Transport protocol of a recorded service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Proto {
    Tcp,
    Udp,
}

/// A service address on one asset; only recorded services can be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Port {
    pub proto: Proto,
    pub number: u16,
}

impl Port {
    pub fn tcp(number: u16) -> Self {
        Self {
            proto: Proto::Tcp,
            number,
        }
    }

    pub fn udp(number: u16) -> Self {
        Self {
            proto: Proto::Udp,
            number,
        }
    }
}

/// A zone (segment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub id: ZoneId,
    /// Display name (電子カルテ系 …); only used when rendering explanations.
    pub name: String,
}

/// An asset and what it is worth to the attacker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub id: AssetId,
    pub name: String,
    pub zone: ZoneId,
    pub owner: Owner,
    /// Crown-jewel kind (電子カルテ, 医事会計, PACS, Active Directory, backup server …) or none.
    pub crown_jewel: Option<String>,
}

/// A listening service on an asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub asset: AssetId,
    pub port: Port,
}

/// What exploiting a vulnerability gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    RemoteCodeExec,
    AuthBypass,
    LocalPrivEsc,
}

impl Effect {
    /// Remote effects act through a reachable service; local ones need a foothold or login.
    pub fn is_remote(self) -> bool {
        matches!(self, Effect::RemoteCodeExec | Effect::AuthBypass)
    }
}

/// Where a vulnerability sits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VulnLocation {
    /// On an asset; `service` is `None` for a local privilege escalation.
    Asset {
        asset: AssetId,
        service: Option<Port>,
    },
    /// On a connection point's outside-facing service (no port).
    Point(PointId),
}

/// A vulnerability finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vulnerability {
    pub id: VulnId,
    pub on: VulnLocation,
    pub effect: Effect,
    pub requires_auth: bool,
}

/// One secret valid wherever it is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialGroup {
    pub id: CredGroupId,
    pub name: String,
    pub owner: Owner,
    /// Default, leaked or guessable (weak and no lockout): the attacker holds it from the start.
    pub known_to_attacker: bool,
}

/// Privilege a credential gives on a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    User,
    Admin,
}

/// A holder who can send traffic to `service` on `asset` logs on at `level`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedOn {
    pub group: CredGroupId,
    pub asset: AssetId,
    pub service: Port,
    pub level: Level,
}

/// An asset or a connection point, as the place a credential is stored.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Holder {
    Asset(AssetId),
    Point(PointId),
}

/// The secret of `group` can be taken once `on` is controlled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOn {
    pub group: CredGroupId,
    pub on: Holder,
}

/// An external connection point. Its own vulnerabilities are `Vulnerability` facts located on
/// it; credentials stored on it are `StoredOn` facts with a `Holder::Point`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionPoint {
    pub id: PointId,
    pub name: String,
    /// The zones traffic lands in (the model speaks of one; several are handled alike).
    pub lands_in: Vec<ZoneId>,
    pub owner: Owner,
    /// False for open guest Wi-Fi, an unauthenticated modem, a plain internet line.
    pub requires_auth: bool,
    pub mfa: bool,
    pub source_ip_restricted: bool,
    /// Credential groups whose login the point accepts.
    pub accepts: Vec<CredGroupId>,
}

/// Allow or deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Allow,
    Deny,
}

/// One side of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Endpoint {
    Any,
    Zone(ZoneId),
    Asset(AssetId),
    /// Traffic from behind a connection point (as a source only; never a destination).
    Point(PointId),
}

/// Ports a rule matches (ranges inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortMatch {
    Any,
    One(u16),
    Range(u16, u16),
}

impl PortMatch {
    pub fn matches(self, port: u16) -> bool {
        match self {
            PortMatch::Any => true,
            PortMatch::One(p) => p == port,
            PortMatch::Range(low, high) => low <= port && port <= high,
        }
    }
}

/// Protocols a rule matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProtoMatch {
    Any,
    Tcp,
    Udp,
}

impl ProtoMatch {
    pub fn matches(self, proto: Proto) -> bool {
        matches!(
            (self, proto),
            (ProtoMatch::Any, _) | (ProtoMatch::Tcp, Proto::Tcp) | (ProtoMatch::Udp, Proto::Udp)
        )
    }
}

/// One enabled rule. Disabled rules must not be given to the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: RuleId,
    pub src: Endpoint,
    pub dst: Endpoint,
    pub ports: PortMatch,
    pub proto: ProtoMatch,
    pub action: Action,
    /// The rule's own owner; `None` means the firewall's owner.
    pub owner: Option<Owner>,
}

/// A firewall, router or L3 switch: joins every pair of its zones. A device that passes
/// everything is a firewall with default allow and no rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Firewall {
    pub id: FirewallId,
    pub zones: Vec<ZoneId>,
    pub default: Action,
    pub owner: Owner,
    /// Evaluated in slice order; the first matching rule decides.
    pub rules: Vec<Rule>,
}

/// Backup medium.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Medium {
    Online,
    Offline,
    Immutable,
}

/// A backup copy of one or more assets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub id: BackupId,
    /// The assets whose data this copy holds.
    pub protects: Vec<AssetId>,
    pub medium: Medium,
    /// Where an online copy lives.
    pub held_on: Option<AssetId>,
    /// The console that can expire or delete immutable copies.
    pub managed_from: Option<AssetId>,
    pub owner: Owner,
    /// A restore from this copy has been tested. Reported only; never changes whether
    /// recovery is broken.
    pub restore_tested: bool,
}

/// Everything the engine reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub zones: Vec<Zone>,
    pub assets: Vec<Asset>,
    pub services: Vec<Service>,
    pub vulnerabilities: Vec<Vulnerability>,
    pub credential_groups: Vec<CredentialGroup>,
    pub accepted_on: Vec<AcceptedOn>,
    pub stored_on: Vec<StoredOn>,
    pub points: Vec<ConnectionPoint>,
    pub firewalls: Vec<Firewall>,
    pub backups: Vec<Backup>,
    /// Entry points chosen by the user; `None` means every connection point.
    pub entries: Option<Vec<PointId>>,
}
