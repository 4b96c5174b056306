//! Value types with a canonical text form: dates, CIDRs, MAC addresses and port specs.
//! Each parses leniently from what hospitals type and prints one canonical form, so that
//! an export → import → export round trip is byte-identical.

use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a value could not be read. The variant is the message-catalogue key suffix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("not a date (YYYY-MM-DD): {0}")]
    Date(String),
    #[error("not a CIDR (e.g. 10.1.0.0/16): {0}")]
    Cidr(String),
    #[error("not a MAC address (e.g. 00:11:22:33:44:55): {0}")]
    Mac(String),
    #[error("not a port, range or 'any' (e.g. 443, 1024-65535): {0}")]
    Port(String),
}

macro_rules! text_serde {
    ($name:ident, $schema_name:literal, $schema:tt) => {
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = Cow::<str>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($schema_name)
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

/// A calendar date (Asia/Tokyo civil date; no time of day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    pub fn new(year: i16, month: i8, day: i8) -> Option<Self> {
        jiff::civil::Date::new(year, month, day).ok().map(Self)
    }
}

impl FromStr for Date {
    type Err = ValueError;
    /// Accepts 2025-04-01 and the slash form Excel users type, 2025/4/1.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || ValueError::Date(text.to_owned());
        let trimmed = text.trim();
        let parts: Vec<&str> = trimmed.split(['-', '/']).collect();
        let [year, month, day] = parts.as_slice() else {
            return Err(bad());
        };
        let year: i16 = year.parse().map_err(|_| bad())?;
        let month: i8 = month.parse().map_err(|_| bad())?;
        let day: i8 = day.parse().map_err(|_| bad())?;
        if !(1900..=2999).contains(&year) {
            return Err(bad());
        }
        Date::new(year, month, day).ok_or_else(bad)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.strftime("%Y-%m-%d"))
    }
}

text_serde!(Date, "Date", {"type": "string", "format": "date"});

/// An IPv4 or IPv6 network in CIDR notation, stored with host bits cleared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cidr(pub ipnet::IpNet);

impl Cidr {
    pub fn contains(&self, addr: &IpAddr) -> bool {
        self.0.contains(addr)
    }
    pub fn contains_net(&self, other: &Cidr) -> bool {
        self.0.contains(&other.0)
    }
}

impl FromStr for Cidr {
    type Err = ValueError;
    /// A bare address is a host route (/32 or /128).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        if let Ok(net) = trimmed.parse::<ipnet::IpNet>() {
            return Ok(Self(net.trunc()));
        }
        trimmed
            .parse::<IpAddr>()
            .map(|addr| Self(ipnet::IpNet::from(addr)))
            .map_err(|_| ValueError::Cidr(text.to_owned()))
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

text_serde!(Cidr, "Cidr", {"type": "string", "examples": ["10.1.0.0/16"]});

/// A 48-bit MAC address, printed lower-case with colons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MacAddr(pub [u8; 6]);

impl FromStr for MacAddr {
    type Err = ValueError;
    /// Accepts 00:11:22:33:44:55, 00-11-22-33-44-55, 0011.2233.4455 and 001122334455.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let hex: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, ':' | '-' | '.'))
            .collect();
        let bad = || ValueError::Mac(text.to_owned());
        if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let mut bytes = [0u8; 6];
        for (index, byte) in bytes.iter_mut().enumerate() {
            let pair = hex.get(index * 2..index * 2 + 2).ok_or_else(bad)?;
            *byte = u8::from_str_radix(pair, 16).map_err(|_| bad())?;
        }
        Ok(Self(bytes))
    }
}

impl fmt::Display for MacAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")
    }
}

text_serde!(MacAddr, "MacAddr", {"type": "string", "pattern": "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"});

/// The destination port(s) of a firewall rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PortSpec {
    Any,
    One(u16),
    /// Inclusive on both ends; the first is never greater than the second.
    Range(u16, u16),
}

impl PortSpec {
    pub fn matches(self, port: u16) -> bool {
        match self {
            PortSpec::Any => true,
            PortSpec::One(one) => one == port,
            PortSpec::Range(low, high) => (low..=high).contains(&port),
        }
    }
}

impl FromStr for PortSpec {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        let bad = || ValueError::Port(text.to_owned());
        if trimmed.eq_ignore_ascii_case("any") || trimmed == "*" {
            return Ok(PortSpec::Any);
        }
        let parse_port = |part: &str| part.trim().parse::<u16>().map_err(|_| bad());
        match trimmed.split_once('-') {
            None => Ok(PortSpec::One(parse_port(trimmed)?)),
            Some((low, high)) => {
                let (low, high) = (parse_port(low)?, parse_port(high)?);
                if low > high {
                    return Err(bad());
                }
                Ok(if low == high {
                    PortSpec::One(low)
                } else {
                    PortSpec::Range(low, high)
                })
            }
        }
    }
}

impl fmt::Display for PortSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PortSpec::Any => f.write_str("any"),
            PortSpec::One(port) => write!(f, "{port}"),
            PortSpec::Range(low, high) => write!(f, "{low}-{high}"),
        }
    }
}

text_serde!(PortSpec, "PortSpec", {"type": "string", "examples": ["any", "443", "1024-65535"]});

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check<T: FromStr + fmt::Display>(input: &str, expected: Option<&str>) {
        let got = input.parse::<T>().ok().map(|value| value.to_string());
        assert_eq!(got.as_deref(), expected, "input {input:?}");
    }

    #[test]
    fn dates_accept_excel_forms() {
        check::<Date>("2025-04-01", Some("2025-04-01"));
        check::<Date>("2025/4/1", Some("2025-04-01"));
        check::<Date>(" 2026/12/31 ", Some("2026-12-31"));
        check::<Date>("2025-02-30", None);
        check::<Date>("R7.4.1", None);
        check::<Date>("", None);
    }

    #[test]
    fn cidrs_are_truncated_and_hosts_allowed() {
        check::<Cidr>("10.1.2.3/16", Some("10.1.0.0/16"));
        check::<Cidr>("192.168.1.5", Some("192.168.1.5/32"));
        check::<Cidr>("fd00::1/64", Some("fd00::/64"));
        check::<Cidr>("10.0.0.0/33", None);
        check::<Cidr>("999.1.1.1", None);
    }

    #[test]
    fn macs_in_vendor_notations() {
        check::<MacAddr>("00-1A-2b-3C-4d-5E", Some("00:1a:2b:3c:4d:5e"));
        check::<MacAddr>("001a.2b3c.4d5e", Some("00:1a:2b:3c:4d:5e"));
        check::<MacAddr>("001a2b3c4d5e", Some("00:1a:2b:3c:4d:5e"));
        check::<MacAddr>("00:1a:2b:3c:4d", None);
        check::<MacAddr>("zz:1a:2b:3c:4d:5e", None);
        check::<MacAddr>("ああ:1a:2b:3c:4d:5e", None);
    }

    #[test]
    fn port_specs() {
        check::<PortSpec>("ANY", Some("any"));
        check::<PortSpec>("443", Some("443"));
        check::<PortSpec>("1024 - 65535", Some("1024-65535"));
        check::<PortSpec>("80-80", Some("80"));
        check::<PortSpec>("90-80", None);
        check::<PortSpec>("70000", None);
        assert!(PortSpec::Range(1000, 2000).matches(1500));
        assert!(!PortSpec::One(22).matches(23));
    }

    proptest! {
        #[test]
        fn parsers_never_panic_and_canonical_forms_are_fixed_points(text in "\\PC{0,24}") {
            for canonical in [
                text.parse::<Date>().ok().map(|v| v.to_string()),
                text.parse::<Cidr>().ok().map(|v| v.to_string()),
                text.parse::<MacAddr>().ok().map(|v| v.to_string()),
                text.parse::<PortSpec>().ok().map(|v| v.to_string()),
            ].into_iter().flatten() {
                let again = [
                    canonical.parse::<Date>().ok().map(|v| v.to_string()),
                    canonical.parse::<Cidr>().ok().map(|v| v.to_string()),
                    canonical.parse::<MacAddr>().ok().map(|v| v.to_string()),
                    canonical.parse::<PortSpec>().ok().map(|v| v.to_string()),
                ];
                prop_assert!(again.contains(&Some(canonical.clone())));
            }
        }
    }
}
