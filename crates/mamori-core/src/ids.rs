//! Typed record identifiers. Every record kind has its own id type so that a zone id
//! can never be passed where an asset id is expected.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Longest id accepted; long enough for generated ids, short enough for URLs and indexes.
pub const MAX_ID_LEN: usize = 64;

/// Why a string is not a valid record id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("id is empty")]
    Empty,
    #[error("id is longer than {MAX_ID_LEN} characters")]
    TooLong,
    #[error("id contains {0:?}; only A-Z a-z 0-9 . _ : - are allowed")]
    BadChar(char),
}

/// Ids are ASCII so that they survive URLs, CSV files and every database collation alike;
/// Japanese names belong in the name fields.
pub fn check_id(text: &str) -> Result<(), IdError> {
    if text.is_empty() {
        return Err(IdError::Empty);
    }
    if text.len() > MAX_ID_LEN {
        return Err(IdError::TooLong);
    }
    match text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-')))
    {
        Some(bad) => Err(IdError::BadChar(bad)),
        None => Ok(()),
    }
}

macro_rules! typed_id {
    ($($(#[$meta:meta])* $name:ident;)+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(text: impl Into<String>) -> Result<Self, IdError> {
                let text = text.into();
                check_id(&text)?;
                Ok(Self(text))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            /// Unchecked construction for literals in code and tests; user input goes
            /// through `new` or is caught by `validate_ledger`.
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }
    )+};
}

typed_id! {
    /// A site (campus) of the hospital.
    SiteId;
    /// A room or place within a site.
    LocationId;
    /// A network zone (segment).
    ZoneId;
    /// A server, PC, network device, medical device …
    AssetId;
    /// An information system (EMR, 医事会計, PACS …).
    SystemId;
    /// A vendor (事業者).
    VendorId;
    /// A contract with a vendor.
    ContractId;
    /// An external connection point (VPN router, SSL-VPN, modem, line …).
    ConnectionPointId;
    /// A service listening on an asset.
    ServiceId;
    /// A firewall or router joining zones.
    FirewallId;
    /// One ordered rule of a firewall.
    FirewallRuleId;
    /// A group of accounts that share one secret.
    CredentialGroupId;
    /// An account (login).
    AccountId;
    /// A backup job or copy set.
    BackupId;
    /// A wireless network (SSID).
    SsidId;
    /// A wireless access point.
    AccessPointId;
    /// A removable medium or modem.
    RemovableMediumId;
    /// A log source.
    LogSourceId;
    /// A vulnerability recorded by hand on an asset or connection point.
    VulnerabilityId;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Result<(), IdError>) {
        assert_eq!(check_id(input), expected, "input {input:?}");
    }

    #[test]
    fn ids_are_ascii_and_bounded() {
        check("A-0001", Ok(()));
        check("zone:emr.1_a", Ok(()));
        check("", Err(IdError::Empty));
        check("電子カルテ", Err(IdError::BadChar('電')));
        check("a b", Err(IdError::BadChar(' ')));
        check(&"x".repeat(65), Err(IdError::TooLong));
        check(&"x".repeat(64), Ok(()));
    }
}
