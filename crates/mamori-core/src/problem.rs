//! Problems found in a ledger: what is wrong, where (record and field), and the values
//! a message needs. The code is stable: it is the wire code and the catalogue key
//! (`problem-<code>`), so the text can be shown in Japanese or English at the edge.

use std::fmt;

use crate::ledger::RecordRef;

macro_rules! problem_codes {
    ($($variant:ident = $code:literal,)+) => {
        /// Every kind of ledger problem.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ProblemCode { $($variant,)+ }

        impl ProblemCode {
            pub const ALL: &'static [ProblemCode] = &[$(ProblemCode::$variant,)+];
            pub fn code(self) -> &'static str {
                match self { $(ProblemCode::$variant => $code,)+ }
            }
        }
    };
}

problem_codes! {
    InvalidId = "invalid_id",
    DuplicateId = "duplicate_id",
    EmptyField = "empty_field",
    UnknownReference = "unknown_reference",
    IpOutsideZone = "ip_outside_zone",
    DuplicateAssetNumber = "duplicate_asset_number",
    DuplicateService = "duplicate_service",
    FirewallNeedsTwoZones = "firewall_needs_two_zones",
    ZonePairJoinedTwice = "zone_pair_joined_twice",
    DuplicateRulePosition = "duplicate_rule_position",
    RuleZoneNotOnFirewall = "rule_zone_not_on_firewall",
    ServiceNotOnAsset = "service_not_on_asset",
    OnlineBackupWithoutHolder = "online_backup_without_holder",
    MfaWithoutAuthentication = "mfa_without_authentication",
    DatesOutOfOrder = "dates_out_of_order",
    PortsWithoutProtocol = "ports_without_protocol",
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One contradiction or gap that stops a ledger from being accepted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Problem {
    pub record: RecordRef,
    /// The JSON field name of the record the problem is about (e.g. `ip_addresses`).
    pub field: &'static str,
    pub code: ProblemCode,
    /// Named values for the message (`value`, `target`, `other` …).
    pub params: Vec<(&'static str, String)>,
}

impl Problem {
    pub fn new(record: RecordRef, field: &'static str, code: ProblemCode) -> Self {
        Self {
            record,
            field,
            code,
            params: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.params.push((name, value.to_string()));
        self
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }
}

impl fmt::Display for Problem {
    /// A plain English-ish rendering for logs; users see the catalogue text instead.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.record, self.field, self.code)?;
        for (name, value) in &self.params {
            write!(f, " {name}={value}")?;
        }
        Ok(())
    }
}
