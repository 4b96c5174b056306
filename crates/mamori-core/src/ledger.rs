//! The whole ledger of one hospital, the list of record kinds, and the decomposition into
//! (kind, id, JSON body) records that storage and history work with.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::*;

/// A pointer to one record, used by problems and history.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordRef {
    pub kind: RecordKind,
    pub id: String,
}

impl RecordRef {
    pub fn new(kind: RecordKind, id: impl Into<String>) -> Self {
        Self {
            kind,
            id: id.into(),
        }
    }
}

impl fmt::Display for RecordRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.code(), self.id)
    }
}

/// Why a stored record body could not be turned back into a ledger record.
#[derive(Debug, thiserror::Error)]
#[error("record {record}: {source}")]
pub struct RecordBodyError {
    pub record: RecordRef,
    #[source]
    pub source: serde_json::Error,
}

/// The id of the single hospital-profile record.
pub const HOSPITAL_PROFILE_ID: &str = "profile";

macro_rules! ledger_kinds {
    ($($field:ident: $ty:ident = $variant:ident,)+) => {
        /// Every kind of record the ledger holds. The code is the JSON field name,
        /// the CSV file stem, the XLSX sheet key and the database `kind` column.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RecordKind {
            Hospital,
            $($variant,)+
        }

        impl RecordKind {
            pub const ALL: &'static [RecordKind] = &[RecordKind::Hospital, $(RecordKind::$variant,)+];

            pub fn code(self) -> &'static str {
                match self {
                    RecordKind::Hospital => "hospital",
                    $(RecordKind::$variant => stringify!($field),)+
                }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|kind| kind.code() == code)
            }
        }

        /// One hospital's whole ledger. Vectors are kept in canonical order by
        /// [`Ledger::sort_canonical`] so that exports are byte-for-byte repeatable.
        #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct Ledger {
            pub hospital: HospitalProfile,
            $(#[serde(default)] pub $field: Vec<$ty>,)+
        }

        impl Ledger {
            /// Number of records of one kind.
            pub fn count(&self, kind: RecordKind) -> usize {
                match kind {
                    RecordKind::Hospital => 1,
                    $(RecordKind::$variant => self.$field.len(),)+
                }
            }

            /// Ids of every record of one kind, in ledger order.
            pub fn ids(&self, kind: RecordKind) -> Vec<&str> {
                match kind {
                    RecordKind::Hospital => vec![HOSPITAL_PROFILE_ID],
                    $(RecordKind::$variant => self.$field.iter().map(|r| r.id.as_str()).collect(),)+
                }
            }

            /// One record's JSON body, if the ledger has it.
            pub fn record_body(&self, kind: RecordKind, id: &str) -> Result<Option<serde_json::Value>, RecordBodyError> {
                let record = RecordRef::new(kind, id);
                match kind {
                    RecordKind::Hospital => to_body(&record, &self.hospital).map(Some),
                    $(RecordKind::$variant => self.$field.iter().find(|r| r.id.as_str() == id).map(|r| to_body(&record, r)).transpose(),)+
                }
            }

            /// Removes one record; `false` when the ledger has none with that id (and for
            /// the hospital profile, which cannot be removed).
            pub fn remove_record(&mut self, kind: RecordKind, id: &str) -> bool {
                match kind {
                    RecordKind::Hospital => false,
                    $(RecordKind::$variant => {
                        let before = self.$field.len();
                        self.$field.retain(|r| r.id.as_str() != id);
                        before != self.$field.len()
                    })+
                }
            }

            /// Every record as (ref, JSON body); the profile first.
            pub fn to_record_bodies(&self) -> Result<Vec<(RecordRef, serde_json::Value)>, RecordBodyError> {
                let mut bodies = Vec::new();
                let profile = RecordRef::new(RecordKind::Hospital, HOSPITAL_PROFILE_ID);
                bodies.push((profile.clone(), to_body(&profile, &self.hospital)?));
                $(for record in &self.$field {
                    let record_ref = RecordRef::new(RecordKind::$variant, record.id.as_str());
                    let body = to_body(&record_ref, record)?;
                    bodies.push((record_ref, body));
                })+
                Ok(bodies)
            }

            /// The records of one kind as (ref, JSON body), in ledger order.
            pub fn record_bodies_of(&self, kind: RecordKind) -> Result<Vec<(RecordRef, serde_json::Value)>, RecordBodyError> {
                match kind {
                    RecordKind::Hospital => {
                        let profile = RecordRef::new(RecordKind::Hospital, HOSPITAL_PROFILE_ID);
                        let body = to_body(&profile, &self.hospital)?;
                        Ok(vec![(profile, body)])
                    }
                    $(RecordKind::$variant => self.$field.iter().map(|record| {
                        let record_ref = RecordRef::new(RecordKind::$variant, record.id.as_str());
                        let body = to_body(&record_ref, record)?;
                        Ok((record_ref, body))
                    }).collect(),)+
                }
            }

            /// Every record as (ref, canonical JSON text), serialised straight from the
            /// structs (field order as declared), without an intermediate JSON tree: this is
            /// the text storage keeps and hashes.
            pub fn to_record_texts(&self) -> Result<Vec<(RecordRef, String)>, RecordBodyError> {
                let mut texts = Vec::with_capacity(self.record_count());
                self.for_each_record_text(|record, text| texts.push((record, text)))?;
                Ok(texts)
            }

            /// [`Ledger::to_record_texts`] one record at a time, so a caller that keeps
            /// only some of the texts (a diff) never holds them all.
            pub fn for_each_record_text(&self, mut each: impl FnMut(RecordRef, String)) -> Result<(), RecordBodyError> {
                let profile = RecordRef::new(RecordKind::Hospital, HOSPITAL_PROFILE_ID);
                let text = to_text(&profile, &self.hospital)?;
                each(profile, text);
                $(for record in &self.$field {
                    let record_ref = RecordRef::new(RecordKind::$variant, record.id.as_str());
                    let text = to_text(&record_ref, record)?;
                    each(record_ref, text);
                })+
                Ok(())
            }

            /// Number of records of every kind, the profile included.
            pub fn record_count(&self) -> usize {
                1 $(+ self.$field.len())+
            }

            /// Adds one stored record body to the ledger.
            pub fn insert_record_body(&mut self, record: RecordRef, body: serde_json::Value) -> Result<(), RecordBodyError> {
                match record.kind {
                    RecordKind::Hospital => self.hospital = from_body(record, body)?,
                    $(RecordKind::$variant => self.$field.push(from_body(record, body)?),)+
                }
                Ok(())
            }

            fn insert_record_with(&mut self, record: RecordRef, text: &str) -> Result<(), RecordBodyError> {
                match record.kind {
                    RecordKind::Hospital => self.hospital = from_text(record, text)?,
                    $(RecordKind::$variant => self.$field.push(from_text(record, text)?),)+
                }
                Ok(())
            }

            /// Sorts every kind by id (firewall rules by firewall, position, id).
            pub fn sort_canonical(&mut self) {
                $(self.$field.sort_by(|a, b| a.id.cmp(&b.id));)+
                self.firewall_rules.sort_by(|a, b| {
                    (&a.firewall_id, a.position, &a.id).cmp(&(&b.firewall_id, b.position, &b.id))
                });
            }
        }
    };
}

fn to_body<T: Serialize>(
    record: &RecordRef,
    value: &T,
) -> Result<serde_json::Value, RecordBodyError> {
    serde_json::to_value(value).map_err(|source| RecordBodyError {
        record: record.clone(),
        source,
    })
}

fn to_text<T: Serialize>(record: &RecordRef, value: &T) -> Result<String, RecordBodyError> {
    serde_json::to_string(value).map_err(|source| RecordBodyError {
        record: record.clone(),
        source,
    })
}

/// Adds one stored record, given as JSON text, without an intermediate JSON tree.
impl Ledger {
    pub fn insert_record_text(
        &mut self,
        record: RecordRef,
        text: &str,
    ) -> Result<(), RecordBodyError> {
        self.insert_record_with(record, text)
    }
}

fn from_text<T: serde::de::DeserializeOwned>(
    record: RecordRef,
    text: &str,
) -> Result<T, RecordBodyError> {
    serde_json::from_str(text).map_err(|source| RecordBodyError { record, source })
}

fn from_body<T: serde::de::DeserializeOwned>(
    record: RecordRef,
    body: serde_json::Value,
) -> Result<T, RecordBodyError> {
    serde_json::from_value(body).map_err(|source| RecordBodyError { record, source })
}

ledger_kinds! {
    sites: Site = Sites,
    locations: Location = Locations,
    zones: Zone = Zones,
    vendors: Vendor = Vendors,
    contracts: Contract = Contracts,
    systems: InformationSystem = Systems,
    assets: Asset = Assets,
    services: Service = Services,
    connection_points: ConnectionPoint = ConnectionPoints,
    firewalls: Firewall = Firewalls,
    firewall_rules: FirewallRule = FirewallRules,
    credential_groups: CredentialGroup = CredentialGroups,
    accounts: Account = Accounts,
    backups: Backup = Backups,
    ssids: Ssid = Ssids,
    access_points: AccessPoint = AccessPoints,
    removable_media: RemovableMedium = RemovableMedia,
    log_sources: LogSource = LogSources,
    vulnerabilities: Vulnerability = Vulnerabilities,
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
