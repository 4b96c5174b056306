//! The hospital's core IT assets: EMR, AD, file, 医事会計, PACS, 検査 and other servers,
//! storage and backup devices, firewalls, the core switch and routers. A small fluent
//! builder (`builder.rs`) keeps each asset to a few lines; the bulk (clients, printers, medical devices)
//! is made in `fill.rs`.

use mamori_core::{
    AssetKind as K, AvEdrState, CpeState, Criticality, CrownJewelKind as J, PatchState,
    ServiceProtocol::*,
};

use crate::builder::B;
use crate::parties::*;
use crate::zone::*;
use crate::{Gen, Svc};

pub const EMR_DB1: &str = "srv-emr-db01";
pub const EMR_DB2: &str = "srv-emr-db02";
pub const EMR_AP1: &str = "srv-emr-ap01";
pub const EMR_AP2: &str = "srv-emr-ap02";
pub const EMR_WEB: &str = "srv-emr-web01";
pub const DC1: &str = "srv-dc01";
pub const DC2: &str = "srv-dc02";
pub const FILE: &str = "srv-file01";
pub const BILLING: &str = "srv-billing01";
pub const PACS: &str = "srv-pacs01";
pub const PACS_STORAGE: &str = "sto-pacs01";
pub const LIS: &str = "srv-lis01";
pub const ECG: &str = "srv-ecg01";
pub const FOOD: &str = "srv-kyushoku01";
pub const JUMP: &str = "srv-jump01";
pub const BACKUP: &str = "srv-backup01";
pub const NAS: &str = "nas-backup01";
pub const TAPE: &str = "lto-lib01";
pub const IMMUTABLE: &str = "sto-immutable01";
pub const BACKUP_CONSOLE: &str = "srv-bkcon01";
pub const SYSLOG: &str = "srv-syslog01";
pub const AV_CONSOLE: &str = "srv-av01";
pub const PROXY: &str = "srv-proxy01";
pub const PUBLIC_WEB: &str = "srv-web01";
pub const REGION_GW: &str = "srv-regional-gw01";
pub const FW_CORE: &str = "net-fw-core01";
pub const FW_DEPT: &str = "net-fw-dept01";
pub const FW_EDGE: &str = "net-fw-edge01";
pub const L3_CORE: &str = "net-l3core01";
pub const SSLVPN_APPLIANCE: &str = "net-fg-sslvpn01";
pub const FOOD_ROUTER: &str = "net-rt-food01";

pub const RDP: Svc = (3389, Tcp, "rdp");
pub const SMB: Svc = (445, Tcp, "smb");
pub const HTTPS: Svc = (443, Tcp, "https");
pub const HTTP: Svc = (80, Tcp, "http");
pub const SSH: Svc = (22, Tcp, "ssh");
pub const SNMP: Svc = (161, Udp, "snmp");
pub const ORACLE: Svc = (1521, Tcp, "oracle");
pub const MSSQL: Svc = (1433, Tcp, "mssql");
pub const DICOM: Svc = (104, Tcp, "dicom");
pub const HL7: Svc = (2575, Tcp, "hl7");
pub const EMR_APP: Svc = (8080, Tcp, "emr-app");

const WIN_SERVER: &[Svc] = &[RDP, SMB];
const DC_SERVICES: &[Svc] = &[
    (53, Tcp, "dns"),
    (53, Udp, "dns"),
    (88, Tcp, "kerberos"),
    (389, Tcp, "ldap"),
    (636, Tcp, "ldaps"),
    SMB,
    RDP,
];
const NET_DEVICE: &[Svc] = &[SSH, HTTPS, SNMP];

pub fn build(g: &mut Gen) {
    servers(g);
    departmental(g);
    backup(g);
    network(g);
    crate::fill::build(g);
}

fn add(g: &mut Gen, zone: usize, asset: B, services: &[Svc]) {
    g.add_asset(asset.0, Some(zone), services);
}

fn servers(g: &mut Gen) {
    let emr = [
        (EMR_DB1, "電子カルテDBサーバ（主系）"),
        (EMR_DB2, "電子カルテDBサーバ（待機系）"),
    ];
    for (id, name) in emr {
        let asset = B::server(id, name, V_EMR, SYS_EMR)
            .mm("HPE", "ProLiant DL380 Gen10")
            .win2019()
            .sw(
                "Oracle Database 19c Standard Edition 2",
                "Oracle",
                Some("19.18.0.0"),
            )
            .cpe(
                "cpe:2.3:a:oracle:database_server:19c:*:*:*:*:*:*:*",
                CpeState::Confirmed,
            )
            .jewel(J::Emr)
            .patient(true)
            .av(AvEdrState::None)
            .patch(PatchState::Behind, Some((2024, 3, 14)))
            .note("ベンダー設定によりウイルス対策ソフト未導入（動作保証外のため）");
        add(g, SRV, asset, &[RDP, SMB, ORACLE]);
    }
    for (id, name) in [
        (EMR_AP1, "電子カルテAPサーバ#1"),
        (EMR_AP2, "電子カルテAPサーバ#2"),
    ] {
        let asset = B::server(id, name, V_EMR, SYS_EMR)
            .win2019()
            .sw(
                "MiDORI-Chart アプリケーションサーバ",
                "ミドリメディカルシステムズ",
                Some("5.2.1"),
            )
            .sw("Internet Information Services", "Microsoft", Some("10.0"))
            .crit(Criticality::Critical)
            .patient(true)
            .av(AvEdrState::None);
        add(g, SRV, asset, &[HTTPS, EMR_APP, RDP, SMB]);
    }
    let web = B::server(EMR_WEB, "電子カルテ参照用Webサーバ", V_EMR, SYS_EMR)
        .win2016()
        .sw(
            "MiDORI-Chart Web参照",
            "ミドリメディカルシステムズ",
            Some("5.2.1"),
        )
        .patient(true);
    add(g, SRV, web, &[HTTPS, RDP, SMB]);
    let dc1 = B::server(DC1, "ドメインコントローラ#1", V_NETWORK, SYS_INFRA)
        .win2016()
        .jewel(J::ActiveDirectory)
        .patch(PatchState::Current, Some((2026, 10, 20)));
    add(g, SRV, dc1, DC_SERVICES);
    let dc2 = B::server(DC2, "ドメインコントローラ#2", V_NETWORK, SYS_INFRA)
        .win2012r2()
        .jewel(J::ActiveDirectory)
        .note("2012 R2 のまま延長サポート終了。更新計画未定。");
    add(g, SRV, dc2, DC_SERVICES);
    let file = B::server(FILE, "ファイルサーバ", V_NETWORK, SYS_INFRA)
        .win2012r2()
        .patient(true)
        .patch(PatchState::Behind, Some((2023, 9, 12)));
    add(g, SRV, file, WIN_SERVER);
    let billing = B::server(BILLING, "医事会計サーバ", V_BILLING, SYS_BILLING)
        .win2016()
        .sw("あおば医事 Pro", "あおば医事システム", Some("11.3"))
        .sw(
            "Microsoft SQL Server 2016",
            "Microsoft",
            Some("13.0.6300.2 (SP3)"),
        )
        .cpe(
            "cpe:2.3:a:microsoft:sql_server:2016:sp3:*:*:*:*:x64:*",
            CpeState::Confirmed,
        )
        .jewel(J::Billing)
        .patient(true);
    add(g, SRV, billing, &[MSSQL, RDP, SMB]);
    let receipt = B::server(
        "srv-billing02",
        "レセプト電算処理サーバ",
        V_BILLING,
        SYS_BILLING,
    )
    .win2016()
    .sw("あおば医事 レセプト", "あおば医事システム", Some("11.3"))
    .patient(true);
    add(g, SRV, receipt, WIN_SERVER);
    let wsus = B::server("srv-wsus01", "WSUSサーバ", V_NETWORK, SYS_INFRA).win2019();
    add(g, SRV, wsus, &[(8530, Tcp, "wsus"), RDP, SMB]);
    let av = B::server(AV_CONSOLE, "ウイルス対策管理サーバ", V_NETWORK, SYS_INFRA)
        .win2019()
        .sw(
            "Trend Micro Apex One",
            "Trend Micro",
            Some("2019 (14.0.12526)"),
        )
        .cpe(
            "cpe:2.3:a:trendmicro:apex_one:2019:*:*:*:on-premises:*:*:*",
            CpeState::Suggested,
        );
    add(g, SRV, av, &[HTTPS, RDP, SMB]);
    let print = B::server("srv-print01", "プリントサーバ", V_NETWORK, SYS_INFRA)
        .os("Windows Server 2016 Standard", None)
        .note("OSのビルド番号未確認");
    add(g, SRV, print, WIN_SERVER);
    for index in 1..=3 {
        let esx = B::new(
            format!("srv-esx{index:02}"),
            format!("仮想化基盤ホスト#{index}"),
            K::Server,
        )
        .mm("Dell", "PowerEdge R750")
        .os("VMware ESXi", Some("7.0 Update 3"))
        .cpe(
            "cpe:2.3:o:vmware:esxi:7.0:update_3:*:*:*:*:*:*",
            CpeState::Confirmed,
        )
        .at("loc-hb1-server")
        .dept("情報システム室")
        .vendor(V_NETWORK, true)
        .sys(SYS_INFRA)
        .crit(Criticality::High)
        .eol(2025, 10, 2)
        .av(AvEdrState::NotPermitted)
        .patch(PatchState::Behind, Some((2024, 5, 21)));
        add(g, SRV, esx, &[HTTPS, SSH, (902, Tcp, "vmware-auth")]);
    }
    let console = B::server(
        BACKUP_CONSOLE,
        "イミュータブルストレージ管理コンソール",
        V_NETWORK,
        SYS_INFRA,
    )
    .win2022()
    .patch(PatchState::Current, Some((2026, 10, 20)));
    add(g, SRV, console, &[HTTPS, RDP, SMB]);
    let region = B::server(REGION_GW, "地域医療連携ゲートウェイ", V_EMR, SYS_REGION)
        .win2016()
        .sw(
            "みどり連携ネット ゲートウェイ",
            "ミドリメディカルシステムズ",
            Some("3.4"),
        )
        .patient(true);
    add(g, REGION, region, &[HTTPS, RDP, SMB]);
    let food = B::server(FOOD, "栄養管理（給食）サーバ", V_FOOD, SYS_FOOD)
        .mm("NEC", "Express5800/T110j")
        .at("loc-hb1-eiyo")
        .dept("栄養科")
        .win2012r2()
        .sw("ひまわり栄養管理", "ひまわり給食サービス", Some("8.0"))
        .sw("Microsoft SQL Server 2014 Express", "Microsoft", None)
        .patient(true)
        .crit(Criticality::Medium)
        .av(AvEdrState::Unknown)
        .patch(PatchState::Unknown, None)
        .note("給食委託業者が常時接続VPN経由でRDP保守。院内の電子カルテAPと食数データを連携。");
    add(g, OA, food, &[RDP, SMB, MSSQL]);
    let groupware = B::server(
        "srv-groupware01",
        "グループウェアサーバ",
        V_NETWORK,
        SYS_OFFICE,
    )
    .win2019();
    add(g, OA, groupware, &[HTTPS, RDP, SMB]);
    let jump = B::server(JUMP, "リモート保守用踏み台サーバ", V_EMR, SYS_EMR)
        .win2016()
        .note("電子カルテベンダーのSSL-VPN着信後にRDPで利用");
    add(g, MAINT, jump, &[RDP, SMB]);
    let linux = |id: &str, name: &str, os: &str, version: Option<&str>| {
        B::new(id, name, K::VirtualMachine)
            .mm("VMware", "Virtual Machine")
            .os(os, version)
            .at("loc-hb1-server")
            .dept("情報システム室")
            .vendor(V_NETWORK, true)
            .crit(Criticality::Medium)
            .av(AvEdrState::None)
            .patch(PatchState::Behind, Some((2025, 4, 8)))
    };
    let syslog = linux(SYSLOG, "ログ収集サーバ", "Rocky Linux", Some("9.2")).sys(SYS_INFRA);
    add(g, MGMT, syslog, &[SSH, (514, Udp, "syslog")]);
    let vcenter = linux(
        "srv-vcenter01",
        "vCenter Server",
        "VMware Photon OS",
        Some("3.0"),
    )
    .sw(
        "VMware vCenter Server Appliance",
        "VMware",
        Some("7.0.3.01700"),
    )
    .cpe(
        "cpe:2.3:a:vmware:vcenter_server:7.0:update_3n:*:*:*:*:*:*",
        CpeState::Suggested,
    )
    .sys(SYS_INFRA);
    add(g, MGMT, vcenter, &[HTTPS, SSH]);
    let proxy = linux(PROXY, "プロキシサーバ", "Rocky Linux", Some("8.6"))
        .sw("Squid", "squid-cache.org", Some("4.15"))
        .sys(SYS_OFFICE);
    add(g, DMZ, proxy, &[SSH, (8080, Tcp, "http-proxy")]);
    let mail = linux(
        "srv-mail01",
        "メール中継サーバ",
        "Ubuntu",
        Some("20.04 LTS"),
    )
    .sw("Postfix", "Postfix", Some("3.4.13"))
    .eol(2025, 5, 31)
    .sys(SYS_OFFICE);
    add(g, DMZ, mail, &[SSH, (25, Tcp, "smtp")]);
    let web = linux(PUBLIC_WEB, "病院公式Webサーバ", "Ubuntu", Some("20.04 LTS"))
        .sw("WordPress", "WordPress", None)
        .sw("Apache HTTP Server", "Apache", Some("2.4.41"))
        .cpe(
            "cpe:2.3:a:apache:http_server:2.4.41:*:*:*:*:*:*:*",
            CpeState::Suggested,
        )
        .eol(2025, 5, 31)
        .sys(SYS_OFFICE)
        .note("WordPress のバージョン未確認（制作会社が更新）");
    add(g, DMZ, web, &[HTTP, HTTPS, SSH]);
}

fn departmental(g: &mut Gen) {
    let pacs = B::server(PACS, "PACSサーバ", V_PACS, SYS_PACS)
        .mm("Dell", "PowerEdge R650")
        .at("loc-hb1-server")
        .dept("放射線科")
        .win2019()
        .sw("SakuraPACS Server", "さくら画像情報システム", Some("8.1.2"))
        .sw(
            "Microsoft SQL Server 2019 Standard",
            "Microsoft",
            Some("15.0.4385.2"),
        )
        .cpe(
            "cpe:2.3:a:microsoft:sql_server_2019:-:*:*:*:*:*:x64:*",
            CpeState::Suggested,
        )
        .jewel(J::Pacs)
        .patient(true)
        .patch(PatchState::Current, Some((2026, 9, 30)));
    add(g, DEPT, pacs, &[DICOM, HTTPS, MSSQL, RDP, SMB]);
    let storage = B::new(PACS_STORAGE, "PACS画像ストレージ", K::Storage)
        .mm("Dell", "PowerVault ME5024")
        .fw("ME5 controller firmware", Some("ME5.1.1.0.5"))
        .at("loc-hb1-server")
        .dept("放射線科")
        .vendor(V_PACS, true)
        .sys(SYS_PACS)
        .jewel(J::Pacs)
        .patient(true)
        .av(AvEdrState::NotPermitted)
        .patch(PatchState::Current, Some((2026, 3, 2)));
    add(g, DEPT, storage, &[HTTPS, (3260, Tcp, "iscsi"), SSH]);
    let ris = B::server(
        "srv-ris01",
        "放射線部門システム（RIS）サーバ",
        V_PACS,
        SYS_RIS,
    )
    .win2016()
    .sw("SakuraRIS", "さくら画像情報システム", Some("6.0.4"))
    .dept("放射線科")
    .patient(true);
    add(g, DEPT, ris, &[HTTPS, MSSQL, RDP, SMB]);
    let lis = B::server(LIS, "臨床検査システムサーバ", V_LAB, SYS_LAB)
        .win2019()
        .sw("LabTech LIS", "ラボテックシステムズ", Some("4.7.2"))
        .sw(
            "Microsoft SQL Server 2017 Standard",
            "Microsoft",
            Some("14.0.3465.1"),
        )
        .cpe(
            "cpe:2.3:a:microsoft:sql_server_2017:-:*:*:*:*:*:x64:*",
            CpeState::Suggested,
        )
        .dept("検査科")
        .jewel(J::Laboratory)
        .patient(true);
    add(g, DEPT, lis, &[HTTPS, HL7, MSSQL, RDP, SMB]);
    let pharmacy = B::server("srv-pharm01", "薬剤部門サーバ", V_EMR, SYS_PHARMACY)
        .win2016()
        .sw("MiDORI-Pharma", "ミドリメディカルシステムズ", Some("2.8"))
        .dept("薬剤部")
        .patient(true);
    add(g, DEPT, pharmacy, &[HTTPS, RDP, SMB]);
    let endo = B::server(
        "srv-endo01",
        "内視鏡画像ファイリングサーバ",
        V_PACS,
        SYS_PACS,
    )
    .mm("Dell", "PowerEdge T350")
    .os("Windows Server 2016 Standard", None)
    .dept("内視鏡センター")
    .patient(true)
    .patch(PatchState::Unknown, None)
    .note("OSのバージョンは業者に確認中");
    add(g, DEPT, endo, &[DICOM, RDP, SMB]);
    let ecg = B::server(ECG, "心電図ファイリングサーバ", V_LAB, SYS_LAB)
        .win2012r2()
        .dept("検査科")
        .patient(true)
        .patch(PatchState::NotPermitted, Some((2019, 6, 11)))
        .note("ベンダーがWindows Update を許可していない");
    add(g, DEPT, ecg, &[HTTPS, RDP, SMB]);
    let dialysis = B::server("srv-dialysis01", "透析管理サーバ", V_EMR, SYS_EMR)
        .win2016()
        .at("loc-a1f-toseki")
        .dept("透析センター")
        .patient(true);
    add(g, DEPT, dialysis, &[HTTPS, RDP, SMB]);
}

fn backup(g: &mut Gen) {
    let server = B::server(BACKUP, "バックアップサーバ", V_NETWORK, SYS_INFRA)
        .win2019()
        .sw("Veeam Backup & Replication", "Veeam", Some("11.0.1.1261"))
        .cpe(
            "cpe:2.3:a:veeam:veeam_backup_\\&_replication:11.0.1.1261:*:*:*:*:*:*:*",
            CpeState::Suggested,
        )
        .jewel(J::BackupServer);
    add(g, BKP, server, &[(9392, Tcp, "veeam"), HTTPS, RDP, SMB]);
    let nas = B::new(NAS, "バックアップ用NAS", K::Storage)
        .mm("Synology", "RackStation RS3621xs+")
        .os("Synology DSM", Some("7.1.1-42962"))
        .cpe(
            "cpe:2.3:o:synology:diskstation_manager:7.1.1-42962:*:*:*:*:*:*:*",
            CpeState::Suggested,
        )
        .at("loc-hb1-server")
        .dept("情報システム室")
        .vendor(V_NETWORK, true)
        .sys(SYS_INFRA)
        .jewel(J::BackupServer)
        .patient(true)
        .av(AvEdrState::None)
        .patch(PatchState::Behind, Some((2023, 1, 17)));
    add(g, BKP, nas, &[SMB, HTTPS, (5001, Tcp, "dsm-https"), SSH]);
    let tape = B::new(TAPE, "LTOテープライブラリ", K::Storage)
        .mm("HPE", "StoreEver MSL2024 (LTO-8)")
        .fw("MSL firmware", None)
        .at("loc-hb1-server")
        .dept("情報システム室")
        .vendor(V_NETWORK, false)
        .sys(SYS_INFRA)
        .crit(Criticality::High)
        .patient(true);
    add(g, BKP, tape, &[HTTPS]);
    let immutable = B::new(
        IMMUTABLE,
        "イミュータブルバックアップストレージ",
        K::Storage,
    )
    .mm("Dell", "PowerProtect DD3300")
    .os("DD OS", Some("7.10.1.20"))
    .at("loc-hb1-server")
    .dept("情報システム室")
    .vendor(V_NETWORK, true)
    .sys(SYS_INFRA)
    .crit(Criticality::High)
    .patient(true)
    .av(AvEdrState::NotPermitted);
    add(g, BKP, immutable, &[HTTPS, SSH]);
}

fn network(g: &mut Gen) {
    let net = |id: &str, name: &str, kind: K, maker: &str, model: &str| {
        B::new(id, name, kind)
            .mm(maker, model)
            .at("loc-hb1-server")
            .dept("情報システム室")
            .vendor(V_NETWORK, true)
            .sys(SYS_INFRA)
            .crit(Criticality::Critical)
            .av(AvEdrState::NotPermitted)
    };
    let core_fw = net(
        FW_CORE,
        "院内基幹ファイアウォール",
        K::FirewallAppliance,
        "Fortinet",
        "FortiGate 200F",
    )
    .fortios("7.2.8", "fortigate-200f")
    .patch(PatchState::Current, Some((2026, 6, 2)));
    add(g, MGMT, core_fw, NET_DEVICE);
    let dept_fw = net(
        FW_DEPT,
        "部門系・バックアップ系ファイアウォール",
        K::FirewallAppliance,
        "Fortinet",
        "FortiGate 100F",
    )
    .fortios("7.2.8", "fortigate-100f")
    .patch(PatchState::Current, Some((2026, 6, 2)));
    add(g, MGMT, dept_fw, NET_DEVICE);
    let edge_fw = net(
        FW_EDGE,
        "インターネット境界ファイアウォール",
        K::FirewallAppliance,
        "Fortinet",
        "FortiGate 100F",
    )
    .fortios("7.0.12", "fortigate-100f")
    .patch(PatchState::Behind, Some((2023, 8, 29)));
    add(g, MGMT, edge_fw, NET_DEVICE);
    for (id, name) in [
        (L3_CORE, "コアL3スイッチ#1"),
        ("net-l3core02", "コアL3スイッチ#2"),
    ] {
        let core = net(id, name, K::Switch, "Cisco", "Catalyst 9500-24Y4C")
            .fw("Cisco IOS XE", Some("17.6.5"))
            .cpe(
                "cpe:2.3:o:cisco:ios_xe:17.6.5:*:*:*:*:*:*:*",
                CpeState::Confirmed,
            )
            .patch(PatchState::Behind, Some((2024, 2, 6)));
        add(g, MGMT, core, NET_DEVICE);
    }
    let wlc = net(
        "net-wlc01",
        "無線LANコントローラ",
        K::Other,
        "Aruba",
        "7210 Mobility Controller",
    )
    .fw("ArubaOS", Some("8.10.0.6"))
    .cpe(
        "cpe:2.3:o:arubanetworks:arubaos:8.10.0.6:*:*:*:*:*:*:*",
        CpeState::Suggested,
    )
    .crit(Criticality::High);
    add(g, MGMT, wlc, NET_DEVICE);
    let annex = net(
        "net-rt-annex01",
        "別館接続ルータ",
        K::Router,
        "YAMAHA",
        "RTX1220",
    )
    .fw("RTX1220 firmware", Some("Rev.15.04.04"))
    .cpe(
        "cpe:2.3:o:yamaha:rtx1220_firmware:15.04.04:*:*:*:*:*:*:*",
        CpeState::Suggested,
    )
    .at("loc-a1f-eps")
    .crit(Criticality::High);
    add(g, MGMT, annex, NET_DEVICE);
    let sslvpn = net(
        SSLVPN_APPLIANCE,
        "電子カルテベンダー リモート保守用SSL-VPN装置",
        K::FirewallAppliance,
        "Fortinet",
        "FortiGate 60F",
    )
    .fortios("7.0.6", "fortigate-60f")
    .vendor(V_EMR, true)
    .vendor_owned(V_EMR)
    .dept("情報システム室")
    .sys(SYS_EMR)
    .patch(PatchState::Behind, Some((2022, 6, 1)))
    .note("導入時（2022年）からファームウェア未更新。設定・更新はベンダー任せ。");
    add(g, MAINT, sslvpn, &[HTTPS]);
    let food_router = net(
        FOOD_ROUTER,
        "給食業者 常時接続VPNルータ",
        K::Router,
        "YAMAHA",
        "RTX830",
    )
    .fw("RTX830 firmware", None)
    .at("loc-hb1-eiyo")
    .dept("栄養科")
    .vendor(V_FOOD, true)
    .vendor_owned(V_FOOD)
    .sys(SYS_FOOD)
    .crit(Criticality::Medium)
    .patch(PatchState::Unknown, None)
    .note("業者が設置。ファームウェア版数・設定内容は病院側で把握していない。");
    add(g, OA, food_router, &[]);
    let region_router = net(
        "net-rt-region01",
        "地域医療連携ネットワーク接続ルータ",
        K::Router,
        "YAMAHA",
        "RTX1220",
    )
    .fw("RTX1220 firmware", Some("Rev.15.04.03"))
    .vendor(V_REGION, true)
    .vendor_owned(V_REGION)
    .sys(SYS_REGION)
    .crit(Criticality::Medium);
    add(g, REGION, region_router, NET_DEVICE);
    let unknown = B::new(
        "unk-001",
        "所有者不明の機器（ネットワーク調査で発見）",
        K::Other,
    )
    .note("事務系で応答。管理部署・保守業者とも不明。");
    add(g, OA, unknown, &[HTTP, (8081, Tcp, "http-alt")]);
}
