//! Evidence rules: each one evaluates the ledger (already loaded as of a date) to
//! pass / fail / not applicable, naming every failing record with field and reason.
//! Items of the editions refer to rules by id (`data/checklists.json`), so a new edition
//! reuses them without code. Where mamori-core's [`data_gaps`] already finds a problem the
//! rule reads the gap instead of deciding it a second time.

use std::collections::{HashMap, HashSet};
use std::fmt;

use mamori_core::{Asset, HOSPITAL_PROFILE_ID};
use mamori_core::{
    AssetKind, AvEdrState, BackupMedium, Date, Gap, GapCode, Ledger, Owner, PatchState, RecordKind,
    RecordRef, RestoreResult, WifiEncryption, data_gaps,
};
use serde::{Deserialize, Serialize, Serializer};

macro_rules! rules {
    ($($variant:ident = $code:literal,)+) => {
        /// Every evidence rule. The code is the id used in the data and the catalogue key
        /// suffix (`checklist-rule-<code>`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule { $($variant,)+ }
        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)+];
            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)+ }
            }
            pub fn from_code(code: &str) -> Option<Rule> {
                Rule::ALL.iter().copied().find(|rule| rule.code() == code)
            }
        }
    };
}

rules! {
    MedicalSystems = "medical_systems",
    SecurityOfficer = "security_officer",
    Inventory = "inventory",
    ConnectionPoints = "connection_points",
    ConnectionPointLogReview = "connection_point_log_review",
    SourceRestriction = "source_restriction",
    AdminNotShared = "admin_not_shared",
    PasswordPolicy = "password_policy",
    TwoFactor = "two_factor",
    Patches = "patches",
    EndpointProtection = "endpoint_protection",
    RemovableMedia = "removable_media",
    Wireless = "wireless",
    Backups = "backups",
    BackupGenerations = "backup_generations",
    AccessLogs = "access_logs",
    VendorContacts = "vendor_contacts",
}

/// Which device class a rule looks at (the checklist's サーバ / 端末PC / ネットワーク機器 rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeviceScope {
    All,
    Server,
    Pc,
    Network,
}

impl DeviceScope {
    pub fn code(self) -> &'static str {
        match self {
            DeviceScope::All => "all",
            DeviceScope::Server => "server",
            DeviceScope::Pc => "pc",
            DeviceScope::Network => "network",
        }
    }

    fn from_code(code: &str) -> Option<DeviceScope> {
        [
            DeviceScope::All,
            DeviceScope::Server,
            DeviceScope::Pc,
            DeviceScope::Network,
        ]
        .into_iter()
        .find(|scope| scope.code() == code)
    }

    /// Servers, PCs and network devices: the classes the checklist's ledger item names
    /// (the same classes for which mamori-core asks for a version).
    pub fn includes(self, kind: AssetKind) -> bool {
        use AssetKind as K;
        match self {
            DeviceScope::All => matches!(
                kind,
                K::Server
                    | K::VirtualMachine
                    | K::Pc
                    | K::ThinClient
                    | K::Switch
                    | K::Router
                    | K::FirewallAppliance
                    | K::WirelessAp
                    | K::Storage
                    | K::MedicalDevice
            ),
            DeviceScope::Server => matches!(kind, K::Server | K::VirtualMachine | K::Storage),
            DeviceScope::Pc => matches!(kind, K::Pc | K::ThinClient),
            DeviceScope::Network => matches!(
                kind,
                K::Switch | K::Router | K::FirewallAppliance | K::WirelessAp
            ),
        }
    }
}

/// A rule as an item names it: `patches` or `patches:server`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct RuleRef {
    pub rule: Rule,
    pub scope: DeviceScope,
}

impl TryFrom<String> for RuleRef {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl std::str::FromStr for RuleRef {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (rule, scope) = text.split_once(':').unwrap_or((text, "all"));
        Ok(RuleRef {
            rule: Rule::from_code(rule).ok_or_else(|| format!("unknown rule {rule:?}"))?,
            scope: DeviceScope::from_code(scope)
                .ok_or_else(|| format!("unknown device scope {scope:?}"))?,
        })
    }
}

impl fmt::Display for RuleRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.scope {
            DeviceScope::All => f.write_str(self.rule.code()),
            scope => write!(f, "{}:{}", self.rule.code(), scope.code()),
        }
    }
}

impl Serialize for RuleRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The result of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail,
    NotApplicable,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::NotApplicable => "not_applicable",
        }
    }
}

macro_rules! reasons {
    ($($variant:ident = $code:literal,)+) => {
        /// Why a record fails. The code is the catalogue key suffix (`checklist-reason-<code>`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Reason { $($variant,)+ }
        impl Reason {
            pub const ALL: &'static [Reason] = &[$(Reason::$variant,)+];
            pub fn code(self) -> &'static str {
                match self { $(Reason::$variant => $code,)+ }
            }
        }
    };
}

reasons! {
    Missing = "missing",
    NotEnabled = "not_enabled",
    Never = "never",
    Stale = "stale",
    NoRecords = "no_records",
    SharedAcrossHosts = "shared_across_hosts",
    NoOfflineCopy = "no_offline_copy",
    RestoreFailed = "restore_failed",
    Behind = "behind",
    EndOfLife = "end_of_life",
    WeakPassword = "weak_password",
    TooShort = "too_short",
    NotApproved = "not_approved",
    WeakEncryption = "weak_encryption",
    TooFewGenerations = "too_few_generations",
    No24hContact = "no_24h_contact",
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// One failing record.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Failure {
    #[serde(serialize_with = "kind_code")]
    pub kind: RecordKind,
    pub id: String,
    pub field: &'static str,
    pub reason: Reason,
}

fn kind_code<S: Serializer>(kind: &RecordKind, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(kind.code())
}

/// What one rule found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleResult {
    pub rule: RuleRef,
    pub outcome: Outcome,
    /// How many records the rule looked at.
    pub checked: usize,
    pub failures: Vec<Failure>,
}

/// The ledger prepared for evaluation: the gaps are computed once and shared by all rules.
#[derive(Debug)]
pub struct Evidence<'a> {
    ledger: &'a Ledger,
    as_of: Date,
    gaps: HashMap<GapCode, Vec<RecordRef>>,
    assets: HashMap<&'a str, &'a Asset>,
}

impl<'a> Evidence<'a> {
    pub fn new(ledger: &'a Ledger, as_of: Date) -> Self {
        let gaps = data_gaps(ledger)
            .into_iter()
            .map(|Gap { code, records }| (code, records))
            .collect();
        let assets = ledger.assets.iter().map(|a| (a.id.as_str(), a)).collect();
        Evidence {
            ledger,
            as_of,
            gaps,
            assets,
        }
    }

    pub fn as_of(&self) -> Date {
        self.as_of
    }

    pub fn ledger(&self) -> &'a Ledger {
        self.ledger
    }

    /// Evaluates one rule.
    pub fn evaluate(&self, rule: RuleRef) -> RuleResult {
        let mut found = Found::default();
        match rule.rule {
            Rule::MedicalSystems => self.medical_systems(&mut found),
            Rule::SecurityOfficer => self.security_officer(&mut found),
            Rule::Inventory => self.inventory(rule.scope, &mut found),
            Rule::ConnectionPoints => self.connection_points(&mut found),
            Rule::ConnectionPointLogReview => self.connection_point_log_review(&mut found),
            Rule::SourceRestriction => self.source_restriction(&mut found),
            Rule::AdminNotShared => self.admin_not_shared(&mut found),
            Rule::PasswordPolicy => self.password_policy(&mut found),
            Rule::TwoFactor => self.two_factor(&mut found),
            Rule::Patches => self.patches(rule.scope, &mut found),
            Rule::EndpointProtection => self.endpoint_protection(rule.scope, &mut found),
            Rule::RemovableMedia => self.removable_media(&mut found),
            Rule::Wireless => self.wireless(&mut found),
            Rule::Backups => self.backups(&mut found),
            Rule::BackupGenerations => self.backup_generations(&mut found),
            Rule::AccessLogs => self.access_logs(&mut found),
            Rule::VendorContacts => self.vendor_contacts(&mut found),
        }
        found.into_result(rule)
    }

    fn gap(&self, code: GapCode) -> &[RecordRef] {
        self.gaps.get(&code).map(Vec::as_slice).unwrap_or_default()
    }

    /// `date` lies within one year before the as-of date (a yearly check is current).
    fn within_a_year(&self, date: Date) -> bool {
        let year_before = self.as_of.0.saturating_sub(jiff::Span::new().years(1));
        date.0 >= year_before
    }

    fn yearly(&self, date: Option<Date>) -> Option<Reason> {
        match date {
            None => Some(Reason::Never),
            Some(date) if !self.within_a_year(date) => Some(Reason::Stale),
            Some(_) => None,
        }
    }

    fn scoped_assets(&self, scope: DeviceScope) -> impl Iterator<Item = &'a Asset> {
        self.ledger
            .assets
            .iter()
            .filter(move |asset| scope.includes(asset.kind))
    }

    fn medical_systems(&self, found: &mut Found) {
        found.checked = self.ledger.systems.len();
        let handles_patient_data = self
            .ledger
            .assets
            .iter()
            .any(|asset| asset.handles_patient_data == Some(true));
        if self.ledger.systems.is_empty() && !handles_patient_data {
            found.profile("systems", Reason::NoRecords);
        }
    }

    fn security_officer(&self, found: &mut Found) {
        found.checked = 1;
        let named = self
            .ledger
            .hospital
            .security_officer
            .as_deref()
            .is_some_and(|name| !name.trim().is_empty());
        if !named {
            found.profile("security_officer", Reason::Missing);
        }
    }

    fn inventory(&self, scope: DeviceScope, found: &mut Found) {
        found.checked = self.scoped_assets(scope).count();
        if found.checked == 0 {
            found.profile("assets", Reason::NoRecords);
            return;
        }
        let in_scope = |record: &RecordRef| {
            self.assets
                .get(record.id.as_str())
                .is_some_and(|asset| scope.includes(asset.kind))
        };
        for record in self.gap(GapCode::AssetWithoutVersion) {
            if in_scope(record) {
                found.record(record, "version", Reason::Missing);
            }
        }
        for record in self.gap(GapCode::AssetWithoutOwner) {
            if in_scope(record) {
                found.record(record, "owner_department", Reason::Missing);
            }
        }
    }

    fn connection_points(&self, found: &mut Found) {
        let points = &self.ledger.connection_points;
        found.checked = points.len();
        found.applicable = !points.is_empty();
        for point in points {
            let has_vendor =
                point.vendor_id.is_some() || matches!(point.owner, Owner::Vendor { .. });
            if !has_vendor {
                found.add(
                    RecordKind::ConnectionPoints,
                    point.id.as_str(),
                    "vendor_id",
                    Reason::Missing,
                );
            }
            if let Some(reason) = self.yearly(point.last_firmware_check) {
                found.add(
                    RecordKind::ConnectionPoints,
                    point.id.as_str(),
                    "last_firmware_check",
                    reason,
                );
            }
        }
        for record in self.gap(GapCode::PointWithoutMfa) {
            found.record(record, "mfa", Reason::NotEnabled);
        }
        for record in self.gap(GapCode::PointWithoutContract) {
            found.record(record, "contract_id", Reason::Missing);
        }
    }

    fn connection_point_log_review(&self, found: &mut Found) {
        let logins = self
            .ledger
            .connection_points
            .iter()
            .filter(|point| point.requires_authentication != Some(false));
        for point in logins {
            found.checked += 1;
            if let Some(reason) = self.yearly(point.last_log_review) {
                found.add(
                    RecordKind::ConnectionPoints,
                    point.id.as_str(),
                    "last_log_review",
                    reason,
                );
            }
        }
        found.applicable = found.checked > 0;
    }

    fn source_restriction(&self, found: &mut Found) {
        let logins = self
            .ledger
            .connection_points
            .iter()
            .filter(|point| point.requires_authentication != Some(false));
        for point in logins {
            found.checked += 1;
            let reason = match point.source_ip_restricted {
                Some(true) => continue,
                Some(false) => Reason::NotEnabled,
                None => Reason::Missing,
            };
            found.add(
                RecordKind::ConnectionPoints,
                point.id.as_str(),
                "source_ip_restricted",
                reason,
            );
        }
        found.applicable = found.checked > 0;
    }

    fn admin_not_shared(&self, found: &mut Found) {
        found.checked = self.ledger.accounts.len();
        found.applicable = found.checked > 0;
        for record in self.gap(GapCode::CredentialSharedAcrossHosts) {
            found.record(record, "accepted_on", Reason::SharedAcrossHosts);
        }
    }

    fn password_policy(&self, found: &mut Found) {
        found.checked = self.ledger.accounts.len();
        found.applicable = found.checked > 0;
        for account in &self.ledger.accounts {
            let id = account.id.as_str();
            if account.known_default || account.known_weak || account.known_leaked {
                found.add(RecordKind::Accounts, id, "password", Reason::WeakPassword);
            }
            if account.password_min_length.is_some_and(|length| length < 8) {
                found.add(
                    RecordKind::Accounts,
                    id,
                    "password_min_length",
                    Reason::TooShort,
                );
            }
        }
        for record in self.gap(GapCode::AccountWithoutLockout) {
            found.record(record, "lockout_threshold", Reason::NotEnabled);
        }
    }

    fn two_factor(&self, found: &mut Found) {
        found.checked = self.ledger.connection_points.len();
        found.applicable = found.checked > 0;
        for record in self.gap(GapCode::PointWithoutMfa) {
            found.record(record, "mfa", Reason::NotEnabled);
        }
    }

    fn patches(&self, scope: DeviceScope, found: &mut Found) {
        for asset in self.scoped_assets(scope) {
            found.checked += 1;
            let id = asset.id.as_str();
            match asset.patch_state {
                Some(PatchState::Current | PatchState::NotPermitted) => {}
                Some(PatchState::Behind) => {
                    found.add(RecordKind::Assets, id, "patch_state", Reason::Behind)
                }
                Some(PatchState::Unknown) | None => {
                    found.add(RecordKind::Assets, id, "patch_state", Reason::Missing)
                }
            }
            if asset.end_of_life.is_some_and(|eol| eol <= self.as_of) {
                found.add(RecordKind::Assets, id, "end_of_life", Reason::EndOfLife);
            }
        }
        found.applicable = found.checked > 0;
    }

    fn endpoint_protection(&self, scope: DeviceScope, found: &mut Found) {
        let endpoints = self.scoped_assets(scope).filter(|asset| {
            DeviceScope::Server.includes(asset.kind) || DeviceScope::Pc.includes(asset.kind)
        });
        for asset in endpoints {
            found.checked += 1;
            let reason = match asset.av_edr {
                Some(AvEdrState::Edr | AvEdrState::Antivirus | AvEdrState::NotPermitted) => {
                    continue;
                }
                Some(AvEdrState::None) => Reason::NotEnabled,
                Some(AvEdrState::Unknown) | None => Reason::Missing,
            };
            found.add(RecordKind::Assets, asset.id.as_str(), "av_edr", reason);
        }
        found.applicable = found.checked > 0;
    }

    fn removable_media(&self, found: &mut Found) {
        let media = &self.ledger.removable_media;
        found.checked = media.len();
        found.applicable = !media.is_empty();
        for medium in media.iter().filter(|m| m.approved != Some(true)) {
            found.add(
                RecordKind::RemovableMedia,
                medium.id.as_str(),
                "approved",
                Reason::NotApproved,
            );
        }
    }

    fn wireless(&self, found: &mut Found) {
        let ssids = &self.ledger.ssids;
        found.checked = ssids.len();
        found.applicable = !ssids.is_empty();
        for ssid in ssids {
            let weak = matches!(
                ssid.encryption,
                WifiEncryption::Open | WifiEncryption::Wep | WifiEncryption::WpaPersonal
            );
            // An open guest network is acceptable only when it is kept apart from the rest.
            if ssid.guest && ssid.guest_separated != Some(true) {
                found.add(
                    RecordKind::Ssids,
                    ssid.id.as_str(),
                    "guest_separated",
                    Reason::NotEnabled,
                );
            } else if weak && !ssid.guest {
                found.add(
                    RecordKind::Ssids,
                    ssid.id.as_str(),
                    "encryption",
                    Reason::WeakEncryption,
                );
            }
        }
    }

    fn crown_jewels(&self) -> HashSet<&'a str> {
        self.ledger
            .assets
            .iter()
            .filter(|asset| asset.crown_jewel.is_some())
            .map(|asset| asset.id.as_str())
            .collect()
    }

    fn backups(&self, found: &mut Found) {
        let jewels = self.crown_jewels();
        found.checked = jewels.len();
        if jewels.is_empty() {
            found.profile("crown_jewel", Reason::NoRecords);
            return;
        }
        for record in self.gap(GapCode::CrownJewelWithoutOfflineBackup) {
            found.record(record, "backups", Reason::NoOfflineCopy);
        }
        let protecting = self
            .ledger
            .backups
            .iter()
            .filter(|b| b.protects.iter().any(|id| jewels.contains(id.as_str())));
        for backup in protecting {
            let id = backup.id.as_str();
            match self.yearly(backup.last_restore_test) {
                Some(reason) => found.add(RecordKind::Backups, id, "last_restore_test", reason),
                None if backup.last_restore_result == Some(RestoreResult::Failure) => found.add(
                    RecordKind::Backups,
                    id,
                    "last_restore_result",
                    Reason::RestoreFailed,
                ),
                None => {}
            }
        }
    }

    fn backup_generations(&self, found: &mut Found) {
        let separated = self
            .ledger
            .backups
            .iter()
            .filter(|b| b.medium != BackupMedium::Online);
        for backup in separated {
            found.checked += 1;
            let reason = match backup.generations {
                Some(generations) if generations >= 3 => continue,
                Some(_) => Reason::TooFewGenerations,
                None => Reason::Missing,
            };
            found.add(
                RecordKind::Backups,
                backup.id.as_str(),
                "generations",
                reason,
            );
        }
        if found.checked == 0 {
            found.profile("backups", Reason::NoRecords);
        }
    }

    fn access_logs(&self, found: &mut Found) {
        found.checked = self.ledger.log_sources.len();
        if found.checked == 0 {
            found.profile("log_sources", Reason::NoRecords);
            return;
        }
        for record in self.gap(GapCode::LogSourceWithoutRetention) {
            found.record(record, "retention_days", Reason::Missing);
        }
    }

    fn vendor_contacts(&self, found: &mut Found) {
        found.checked = self.ledger.vendors.len();
        found.applicable = found.checked > 0;
        for record in self.gap(GapCode::VendorWithout24hContact) {
            found.record(record, "contacts", Reason::No24hContact);
        }
    }
}

/// Failures collected by one rule.
#[derive(Debug)]
struct Found {
    checked: usize,
    applicable: bool,
    failures: Vec<Failure>,
}

impl Default for Found {
    fn default() -> Self {
        Found {
            checked: 0,
            applicable: true,
            failures: Vec::new(),
        }
    }
}

impl Found {
    fn add(&mut self, kind: RecordKind, id: &str, field: &'static str, reason: Reason) {
        self.failures.push(Failure {
            kind,
            id: id.to_owned(),
            field,
            reason,
        });
    }

    fn record(&mut self, record: &RecordRef, field: &'static str, reason: Reason) {
        self.add(record.kind, &record.id, field, reason);
    }

    fn profile(&mut self, field: &'static str, reason: Reason) {
        self.add(RecordKind::Hospital, HOSPITAL_PROFILE_ID, field, reason);
    }

    fn into_result(mut self, rule: RuleRef) -> RuleResult {
        self.failures.sort();
        self.failures.dedup();
        let outcome = if !self.failures.is_empty() {
            Outcome::Fail
        } else if self.applicable {
            Outcome::Pass
        } else {
            Outcome::NotApplicable
        };
        RuleResult {
            rule,
            outcome,
            checked: self.checked,
            failures: self.failures,
        }
    }
}
