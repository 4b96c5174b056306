//! A fluent builder that fills in an asset one fact at a time, with presets for the
//! Windows Server editions (OS, CPE, end of life), FortiOS appliances, hospital servers
//! and medical devices.

use mamori_core::{
    Asset, AssetKind as K, AvEdrState, CpeName, CpeState, Criticality, InstalledSoftware,
    LocationId, NameVersion, Owner, PatchState, SystemId, VendorId,
};

use crate::{blank_asset, day};

/// A fluent wrapper that fills in an [`Asset`] one fact at a time.
#[derive(Debug)]
pub(crate) struct B(pub Asset);

impl B {
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: K) -> Self {
        Self(blank_asset(id, name, kind))
    }
    pub fn mm(mut self, maker: &str, model: &str) -> Self {
        self.0.maker = Some(maker.to_owned());
        self.0.model = Some(model.to_owned());
        self
    }
    pub fn os(mut self, name: &str, version: Option<&str>) -> Self {
        self.0.os = Some(NameVersion {
            name: name.to_owned(),
            version: version.map(str::to_owned),
        });
        self
    }
    pub fn fw(mut self, name: &str, version: Option<&str>) -> Self {
        self.0.firmware = Some(NameVersion {
            name: name.to_owned(),
            version: version.map(str::to_owned),
        });
        self
    }
    pub fn sw(mut self, name: &str, vendor: &str, version: Option<&str>) -> Self {
        self.0.software.push(InstalledSoftware {
            name: name.to_owned(),
            vendor: Some(vendor.to_owned()),
            version: version.map(str::to_owned),
        });
        self
    }
    pub fn cpe(mut self, cpe: &str, state: CpeState) -> Self {
        self.0.cpes.push(CpeName {
            cpe: cpe.to_owned(),
            state,
        });
        self
    }
    pub fn at(mut self, location: &str) -> Self {
        self.0.location_id = Some(LocationId::from(location));
        self
    }
    pub fn dept(mut self, department: &str) -> Self {
        self.0.owner_department = Some(department.to_owned());
        self
    }
    /// The maintaining vendor, who also reaches it remotely when `remote` is set.
    pub fn vendor(mut self, vendor: &str, remote: bool) -> Self {
        self.0.managing_vendor_id = Some(VendorId::from(vendor));
        self.0.remote_maintenance = Some(remote);
        self
    }
    pub fn vendor_owned(mut self, vendor: &str) -> Self {
        self.0.owner = Owner::Vendor {
            vendor_id: VendorId::from(vendor),
        };
        self
    }
    pub fn sys(mut self, system: &str) -> Self {
        self.0.system_id = Some(SystemId::from(system));
        self
    }
    pub fn crit(mut self, criticality: Criticality) -> Self {
        self.0.criticality = Some(criticality);
        self
    }
    pub fn jewel(mut self, kind: mamori_core::CrownJewelKind) -> Self {
        self.0.crown_jewel = Some(kind);
        self.0.criticality = Some(Criticality::Critical);
        self
    }
    pub fn patient(mut self, handles: bool) -> Self {
        self.0.handles_patient_data = Some(handles);
        self
    }
    pub fn eol(mut self, year: i16, month: i8, date: i8) -> Self {
        self.0.end_of_life = day(year, month, date);
        self
    }
    pub fn av(mut self, state: AvEdrState) -> Self {
        self.0.av_edr = Some(state);
        self
    }
    pub fn patch(mut self, state: PatchState, last: Option<(i16, i8, i8)>) -> Self {
        self.0.patch_state = Some(state);
        self.0.last_patched = last.and_then(|(y, m, d)| day(y, m, d));
        self
    }
    pub fn note(mut self, text: &str) -> Self {
        self.0.notes = Some(text.to_owned());
        self
    }
    /// A medical device: the maker forbids agents and updates.
    pub fn medical(self) -> Self {
        self.av(AvEdrState::NotPermitted)
            .patch(PatchState::NotPermitted, None)
            .patient(true)
    }
    pub fn win2012r2(self) -> Self {
        self.os("Windows Server 2012 R2 Standard", Some("6.3.9600"))
            .cpe(
                "cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*",
                CpeState::Confirmed,
            )
            .eol(2023, 10, 10)
    }
    pub fn win2016(self) -> Self {
        self.os("Windows Server 2016 Standard", Some("1607 (14393.6981)"))
            .cpe(
                "cpe:2.3:o:microsoft:windows_server_2016:-:*:*:*:*:*:*:*",
                CpeState::Confirmed,
            )
            .eol(2027, 1, 12)
    }
    pub fn win2019(self) -> Self {
        self.os("Windows Server 2019 Standard", Some("1809 (17763.5936)"))
            .cpe(
                "cpe:2.3:o:microsoft:windows_server_2019:-:*:*:*:*:*:*:*",
                CpeState::Confirmed,
            )
            .eol(2029, 1, 9)
    }
    pub fn win2022(self) -> Self {
        self.os("Windows Server 2022 Standard", Some("21H2 (20348.2527)"))
            .cpe(
                "cpe:2.3:o:microsoft:windows_server_2022:-:*:*:*:*:*:*:*",
                CpeState::Confirmed,
            )
            .eol(2031, 10, 14)
    }
    pub fn fortios(self, version: &str, model_cpe: &str) -> Self {
        let os_cpe = format!("cpe:2.3:o:fortinet:fortios:{version}:*:*:*:*:*:*:*");
        let hw_cpe = format!("cpe:2.3:h:fortinet:{model_cpe}:-:*:*:*:*:*:*:*");
        self.fw("FortiOS", Some(version))
            .cpe(&os_cpe, CpeState::Confirmed)
            .cpe(&hw_cpe, CpeState::Confirmed)
    }
    /// A hospital server in the server room, maintained by `vendor`.
    pub fn server(id: &str, name: &str, vendor: &str, system: &str) -> Self {
        Self::new(id, name, K::Server)
            .mm("HPE", "ProLiant DL360 Gen10")
            .at("loc-hb1-server")
            .dept("情報システム室")
            .vendor(vendor, true)
            .sys(system)
            .crit(Criticality::High)
            .av(AvEdrState::Antivirus)
            .patch(PatchState::Behind, Some((2025, 12, 10)))
    }
}
