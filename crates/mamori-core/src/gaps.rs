//! Data gaps: what the ledger does not yet know or shows to be missing — the list a
//! hospital works through before the inspection and the attack-path analysis can be trusted.

use std::collections::{BTreeMap, HashSet};

use crate::codes::{AssetKind, BackupMedium, PrivilegeLevel};
use crate::ids::AssetId;
use crate::ledger::{Ledger, RecordKind, RecordRef};
use crate::model::{AcceptedOn, Asset};

macro_rules! gap_codes {
    ($($variant:ident = $code:literal,)+) => {
        /// Every kind of gap. The code is the catalogue key suffix (`gap-<code>`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum GapCode { $($variant,)+ }
        impl GapCode {
            pub const ALL: &'static [GapCode] = &[$(GapCode::$variant,)+];
            pub fn code(self) -> &'static str {
                match self { $(GapCode::$variant => $code,)+ }
            }
        }
    };
}

gap_codes! {
    AssetWithoutVersion = "asset_without_version",
    AssetWithoutOwner = "asset_without_owner",
    PointWithoutMfa = "point_without_mfa",
    PointWithoutContract = "point_without_contract",
    CredentialSharedAcrossHosts = "credential_shared_across_hosts",
    CrownJewelWithoutOfflineBackup = "crown_jewel_without_offline_backup",
    BackupNeverRestoreTested = "backup_never_restore_tested",
    AccountWithoutLockout = "account_without_lockout",
    LogSourceWithoutRetention = "log_source_without_retention",
    VendorWithout24hContact = "vendor_without_24h_contact",
}

/// One gap with the records that show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub code: GapCode,
    pub records: Vec<RecordRef>,
}

/// Every gap that has at least one record, in `GapCode` order.
pub fn data_gaps(ledger: &Ledger) -> Vec<Gap> {
    let mut found: BTreeMap<GapCode, Vec<RecordRef>> = BTreeMap::new();
    let mut add = |code: GapCode, kind: RecordKind, id: &str| {
        found
            .entry(code)
            .or_default()
            .push(RecordRef::new(kind, id));
    };
    for asset in ledger.assets.iter().filter(|a| needs_version(a)) {
        if !has_version(asset) {
            add(
                GapCode::AssetWithoutVersion,
                RecordKind::Assets,
                asset.id.as_str(),
            );
        }
    }
    for asset in &ledger.assets {
        if asset.owner_department.is_none() && asset.managing_vendor_id.is_none() {
            add(
                GapCode::AssetWithoutOwner,
                RecordKind::Assets,
                asset.id.as_str(),
            );
        }
    }
    for point in &ledger.connection_points {
        if point.requires_authentication != Some(false) && point.mfa != Some(true) {
            add(
                GapCode::PointWithoutMfa,
                RecordKind::ConnectionPoints,
                point.id.as_str(),
            );
        }
        if point.contract_id.is_none() && point.vendor_id.is_some() {
            add(
                GapCode::PointWithoutContract,
                RecordKind::ConnectionPoints,
                point.id.as_str(),
            );
        }
    }
    for (group, hosts) in credential_hosts(ledger) {
        if hosts.len() > 1 {
            add(GapCode::CredentialSharedAcrossHosts, group.kind, &group.id);
        }
    }
    for asset in ledger.assets.iter().filter(|a| a.crown_jewel.is_some()) {
        let offline = ledger
            .backups
            .iter()
            .any(|b| b.medium != BackupMedium::Online && b.protects.contains(&asset.id));
        if !offline {
            add(
                GapCode::CrownJewelWithoutOfflineBackup,
                RecordKind::Assets,
                asset.id.as_str(),
            );
        }
    }
    for backup in ledger
        .backups
        .iter()
        .filter(|b| b.last_restore_test.is_none())
    {
        add(
            GapCode::BackupNeverRestoreTested,
            RecordKind::Backups,
            backup.id.as_str(),
        );
    }
    for account in ledger
        .accounts
        .iter()
        .filter(|a| a.lockout_threshold == Some(0))
    {
        add(
            GapCode::AccountWithoutLockout,
            RecordKind::Accounts,
            account.id.as_str(),
        );
    }
    for source in ledger
        .log_sources
        .iter()
        .filter(|s| s.retention_days.is_none())
    {
        add(
            GapCode::LogSourceWithoutRetention,
            RecordKind::LogSources,
            source.id.as_str(),
        );
    }
    for vendor in ledger
        .vendors
        .iter()
        .filter(|v| !v.contacts.iter().any(|c| c.available_24h))
    {
        add(
            GapCode::VendorWithout24hContact,
            RecordKind::Vendors,
            vendor.id.as_str(),
        );
    }
    found
        .into_iter()
        .map(|(code, records)| Gap { code, records })
        .collect()
}

/// Servers, PCs and network devices must have a version (the MHLW checklist's first item).
fn needs_version(asset: &Asset) -> bool {
    matches!(
        asset.kind,
        AssetKind::Server
            | AssetKind::VirtualMachine
            | AssetKind::Pc
            | AssetKind::ThinClient
            | AssetKind::Switch
            | AssetKind::Router
            | AssetKind::FirewallAppliance
            | AssetKind::WirelessAp
            | AssetKind::Storage
            | AssetKind::MedicalDevice
    )
}

fn has_version(asset: &Asset) -> bool {
    let versioned = |nv: &Option<crate::model::NameVersion>| {
        nv.as_ref()
            .is_some_and(|nv| nv.version.as_deref().is_some_and(|v| !v.trim().is_empty()))
    };
    versioned(&asset.os) || versioned(&asset.firmware)
}

/// The hosts on which each secret gives administrator rights: a credential group's, or a
/// lone account's. A domain user valid on every PC is normal; an administrator secret valid
/// on several hosts is the Osaka and Handa pattern.
fn credential_hosts(ledger: &Ledger) -> BTreeMap<RecordRef, HashSet<AssetId>> {
    let mut hosts: BTreeMap<RecordRef, HashSet<AssetId>> = BTreeMap::new();
    for account in &ledger.accounts {
        let key = match &account.credential_group_id {
            Some(group) => RecordRef::new(RecordKind::CredentialGroups, group.as_str()),
            None => RecordRef::new(RecordKind::Accounts, account.id.as_str()),
        };
        let entry = hosts.entry(key).or_default();
        for accepted in &account.accepted_on {
            if let AcceptedOn::Asset {
                asset_id,
                level: PrivilegeLevel::Admin,
                ..
            } = accepted
            {
                entry.insert(asset_id.clone());
            }
        }
    }
    hosts
}
