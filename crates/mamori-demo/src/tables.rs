//! Fixed catalogue data of the demo hospital: rooms, departments, and the makers, models,
//! operating systems and firmware of the equipment. Makers of medical devices and all
//! companies that are parties to contracts are fictional; common IT products are real so
//! that CPE names match real vulnerability data.

use mamori_core::ZoneKind;

/// (location id, site index, 棟, 階, 部屋・場所). Site 0 is the main site, 1 the annex.
pub const LOCATIONS: &[(&str, usize, &str, &str, &str)] = &[
    ("loc-hb1-server", 0, "本館", "B1F", "サーバ室"),
    ("loc-hb1-eps", 0, "本館", "B1F", "EPS（ネットワーク機器室）"),
    ("loc-hb1-eiyo", 0, "本館", "B1F", "栄養科 事務室"),
    ("loc-hb1-bosai", 0, "本館", "B1F", "防災センター"),
    ("loc-h1f-uketsuke", 0, "本館", "1F", "総合受付"),
    ("loc-h1f-ijika", 0, "本館", "1F", "医事課"),
    ("loc-h1f-er", 0, "本館", "1F", "救急外来"),
    (
        "loc-h1f-gairai-ns",
        0,
        "本館",
        "1F",
        "外来ナースステーション",
    ),
    ("loc-h1f-ct", 0, "本館", "1F", "放射線科 CT室"),
    ("loc-h1f-mri", 0, "本館", "1F", "放射線科 MRI室"),
    ("loc-h1f-xray", 0, "本館", "1F", "放射線科 一般撮影室"),
    ("loc-h1f-angio", 0, "本館", "1F", "放射線科 血管撮影室"),
    ("loc-h1f-dokuei", 0, "本館", "1F", "放射線科 読影室"),
    ("loc-h1f-yakuzai", 0, "本館", "1F", "薬剤部"),
    ("loc-h2f-kentai", 0, "本館", "2F", "検査科 検体検査室"),
    ("loc-h2f-seiri", 0, "本館", "2F", "検査科 生理検査室"),
    ("loc-h2f-naishikyo", 0, "本館", "2F", "内視鏡センター"),
    ("loc-h2f-shinsatsu", 0, "本館", "2F", "外来診察室"),
    ("loc-h2f-renkei", 0, "本館", "2F", "地域医療連携室"),
    ("loc-h3f-ope", 0, "本館", "3F", "手術室"),
    ("loc-h3f-icu", 0, "本館", "3F", "ICU"),
    ("loc-h3f-me", 0, "本館", "3F", "臨床工学室"),
    ("loc-h3f-ikyoku", 0, "本館", "3F", "医局"),
    ("loc-h3f-joho", 0, "本館", "3F", "情報システム室"),
    ("loc-h3f-somu", 0, "本館", "3F", "総務課"),
    ("loc-h3f-keiri", 0, "本館", "3F", "経理課"),
    ("loc-h3f-inchou", 0, "本館", "3F", "院長室"),
    (
        "loc-h4f-east",
        0,
        "本館",
        "4F",
        "4階東病棟 ナースステーション",
    ),
    (
        "loc-h4f-west",
        0,
        "本館",
        "4F",
        "4階西病棟 ナースステーション",
    ),
    (
        "loc-h5f-east",
        0,
        "本館",
        "5F",
        "5階東病棟 ナースステーション",
    ),
    (
        "loc-h5f-west",
        0,
        "本館",
        "5F",
        "5階西病棟 ナースステーション",
    ),
    (
        "loc-h6f-east",
        0,
        "本館",
        "6F",
        "6階東病棟 ナースステーション",
    ),
    (
        "loc-h6f-west",
        0,
        "本館",
        "6F",
        "6階西病棟 ナースステーション",
    ),
    (
        "loc-h7f-east",
        0,
        "本館",
        "7F",
        "7階東病棟 ナースステーション",
    ),
    (
        "loc-h7f-west",
        0,
        "本館",
        "7F",
        "7階西病棟 ナースステーション",
    ),
    ("loc-a1f-toseki", 1, "別館", "1F", "透析センター"),
    ("loc-a1f-kenshin", 1, "別館", "1F", "健診センター"),
    ("loc-a1f-eps", 1, "別館", "1F", "EPS"),
    ("loc-a2f-jimu", 1, "別館", "2F", "別館事務室"),
    ("loc-a2f-reha", 1, "別館", "2F", "リハビリテーション室"),
];

/// Where clinical terminals, monitors and pumps stand: wards, ICU, ER, outpatients.
pub const CLINICAL_LOCATIONS: &[&str] = &[
    "loc-h4f-east",
    "loc-h4f-west",
    "loc-h5f-east",
    "loc-h5f-west",
    "loc-h6f-east",
    "loc-h6f-west",
    "loc-h7f-east",
    "loc-h7f-west",
    "loc-h3f-icu",
    "loc-h1f-er",
    "loc-h1f-gairai-ns",
    "loc-h2f-shinsatsu",
    "loc-h3f-ope",
    "loc-h3f-ikyoku",
];

/// Where office PCs stand.
pub const OFFICE_LOCATIONS: &[&str] = &[
    "loc-h1f-ijika",
    "loc-h1f-uketsuke",
    "loc-h3f-somu",
    "loc-h3f-keiri",
    "loc-h3f-inchou",
    "loc-h3f-joho",
    "loc-h2f-renkei",
    "loc-hb1-eiyo",
];

/// Where departmental terminals stand, with the owning department.
pub const DEPARTMENT_LOCATIONS: &[(&str, &str)] = &[
    ("loc-h1f-dokuei", "放射線科"),
    ("loc-h1f-xray", "放射線科"),
    ("loc-h2f-kentai", "検査科"),
    ("loc-h2f-seiri", "検査科"),
    ("loc-h1f-yakuzai", "薬剤部"),
    ("loc-h2f-naishikyo", "内視鏡センター"),
    ("loc-hb1-eiyo", "栄養科"),
    ("loc-h3f-me", "臨床工学室"),
];

/// Annex rooms for the annex's terminals.
pub const ANNEX_LOCATIONS: &[&str] = &[
    "loc-a1f-toseki",
    "loc-a1f-kenshin",
    "loc-a2f-jimu",
    "loc-a2f-reha",
];

/// (name, version, end of life, CPE) of client operating systems, with a weight.
pub struct ClientOs {
    pub name: &'static str,
    pub version: Option<&'static str>,
    pub end_of_life: (i16, i8, i8),
    pub cpe: &'static str,
    pub weight: u64,
}

pub const CLIENT_OS: &[ClientOs] = &[
    ClientOs {
        name: "Windows 10 Pro",
        version: Some("22H2"),
        end_of_life: (2025, 10, 14),
        cpe: "cpe:2.3:o:microsoft:windows_10_22h2:-:*:*:*:*:*:x64:*",
        weight: 45,
    },
    ClientOs {
        name: "Windows 11 Enterprise",
        version: Some("23H2"),
        end_of_life: (2026, 11, 10),
        cpe: "cpe:2.3:o:microsoft:windows_11_23h2:-:*:*:*:*:*:x64:*",
        weight: 25,
    },
    ClientOs {
        name: "Windows 11 Pro",
        version: Some("24H2"),
        end_of_life: (2026, 10, 13),
        cpe: "cpe:2.3:o:microsoft:windows_11_24h2:-:*:*:*:*:*:x64:*",
        weight: 15,
    },
    ClientOs {
        name: "Windows 10 Enterprise LTSC",
        version: Some("2019 (1809)"),
        end_of_life: (2029, 1, 9),
        cpe: "cpe:2.3:o:microsoft:windows_10_1809:-:*:*:*:*:*:x64:*",
        weight: 15,
    },
];

/// (maker, model) of desktop and notebook PCs.
pub const PC_MODELS: &[(&str, &str)] = &[
    ("NEC", "Mate タイプML PC-MKM34LZ"),
    ("富士通", "ESPRIMO D7012/L"),
    ("Dell", "OptiPlex 7010 SFF"),
    ("HP", "EliteDesk 800 G6 SF"),
    ("Panasonic", "Let's note SV2"),
];

/// (maker, model, OS name, OS version) of thin clients.
pub const THIN_CLIENTS: &[(&str, &str, &str, &str)] = &[
    ("HP", "t640 Thin Client", "HP ThinPro", "7.2 SP8"),
    (
        "Dell",
        "Wyse 5070",
        "Windows 10 IoT Enterprise LTSC",
        "2019 (1809)",
    ),
];

/// (maker, model, firmware version) of printers; `None` where nobody recorded it.
pub const PRINTERS: &[(&str, &str, Option<&str>)] = &[
    ("Canon", "imageRUNNER ADVANCE DX C3826F", Some("Ver 72.07")),
    ("RICOH", "IM C3000", Some("1.14")),
    ("Brother", "HL-L6310DW", None),
    ("EPSON", "LP-S3290", Some("JN07I4")),
    ("SATO", "CL4NX Plus リストバンドプリンタ", None),
];

/// (maker, model, firmware name, firmware version) of access switches.
pub const SWITCHES: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "Cisco",
        "Catalyst 2960-X 48FPD-L",
        "Cisco IOS",
        Some("15.2(7)E4"),
    ),
    (
        "Allied Telesis",
        "x230-28GP",
        "AlliedWare Plus",
        Some("5.5.2-2.1"),
    ),
    ("YAMAHA", "SWX3220-16MT", "SWX3220 firmware", None),
    (
        "Cisco",
        "Catalyst 9200L-48P-4G",
        "Cisco IOS XE",
        Some("17.6.4"),
    ),
];

/// (maker, model, firmware name, firmware version) of wireless access points.
pub const ACCESS_POINTS: &[(&str, &str, &str, Option<&str>)] = &[
    ("Aruba", "AP-515", "ArubaOS", Some("8.10.0.6")),
    ("Aruba", "AP-505", "ArubaOS", Some("8.10.0.6")),
    ("YAMAHA", "WLX313", "WLX313 firmware", None),
];

/// Fictional makers of medical devices (the modality maker is also a contract party).
pub const MODALITY_MAKER: &str = "東邦メディカルイメージング株式会社";
pub const MONITOR_MAKER: &str = "大和医用電子株式会社";
pub const PUMP_MAKER: &str = "ひかりメディカル株式会社";
pub const ANALYSER_MAKER: &str = "アークラボ機器株式会社";
pub const ENDOSCOPE_MAKER: &str = "みなと光学医療株式会社";

/// (name, model, firmware version or none) of bedside monitors.
pub const MONITOR_MODELS: &[(&str, Option<&str>)] = &[
    ("DM-7200 ベッドサイドモニタ", Some("03-42")),
    ("DM-5100 ベッドサイドモニタ", None),
];

/// (model, firmware version or none) of networked infusion and syringe pumps.
pub const PUMP_MODELS: &[(&str, Option<&str>)] = &[
    ("HP-700W 輸液ポンプ", Some("2.1.0")),
    ("SP-310W シリンジポンプ", None),
];

/// (name prefix, maker, model, OS, OS version or none) of IoT devices.
pub const IOT_DEVICES: &[(&str, &str, &str, &str, Option<&str>)] = &[
    (
        "防犯カメラ",
        "AXIS",
        "P3265-LVE",
        "AXIS OS",
        Some("10.12.153"),
    ),
    (
        "ナースコール連携GW",
        "ケアコールシステム株式会社",
        "NC-GW3",
        "組込みLinux",
        None,
    ),
    (
        "空調・BEMSコントローラ",
        "ビルテック株式会社",
        "BX-200",
        "組込みLinux",
        Some("4.2"),
    ),
    (
        "自動精算機",
        "ミナト精機株式会社",
        "AP-900",
        "Windows 10 IoT Enterprise LTSC",
        Some("2019 (1809)"),
    ),
];

/// Names and kinds of the larger generated hospital's extra segments, used in turn.
pub const EXTRA_ZONES: &[(&str, ZoneKind)] = &[
    ("病棟端末系", ZoneKind::Emr),
    ("部門系", ZoneKind::Departmental),
    ("医療機器系", ZoneKind::MedicalDevice),
    ("事務系", ZoneKind::OfficeInternet),
];
