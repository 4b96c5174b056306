//! Typed identifiers of the engine's facts. Each kind has its own newtype over `String`
//! so that an asset id can never be passed where a zone id is expected; the ids are the
//! ledger's record ids, carried through unchanged so every answer points back to a row.

use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Wraps a ledger id.
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The ledger id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self::new(id)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }
    };
}

id_type!(
    /// A zone (segment) of the hospital network.
    ZoneId
);
id_type!(
    /// An asset: server, PC, network device, medical device.
    AssetId
);
id_type!(
    /// An external connection point (vendor VPN, SSL-VPN, modem, guest Wi-Fi, internet line).
    PointId
);
id_type!(
    /// A firewall, router or L3 switch joining zones.
    FirewallId
);
id_type!(
    /// One firewall rule; unique across all firewalls.
    RuleId
);
id_type!(
    /// A credential group: one secret valid wherever it is accepted.
    CredGroupId
);
id_type!(
    /// A vulnerability (CVE or advisory id). Not unique: one CVE sits on many assets.
    VulnId
);
id_type!(
    /// A backup copy (or set of copies sharing one medium and place).
    BackupId
);
