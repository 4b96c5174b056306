//! The hospital's medical devices with their own records: CT and MRI with their consoles,
//! X-ray, mammography, angiography, ultrasound, endoscopes, central monitors (with their
//! default web password), laboratory analysers and dialysis monitors.

use mamori_core::{AssetKind as K, CpeState, Criticality};

use crate::assets::{DICOM, HL7, HTTP, HTTPS, RDP, SMB};
use crate::builder::B;
use crate::parties::*;
use crate::tables::*;
use crate::zone::*;
use crate::{Gen, Svc};

fn add(g: &mut Gen, zone: usize, asset: B, services: &[Svc]) {
    g.add_asset(asset.0, Some(zone), services);
}

pub(crate) fn device(
    id: &str,
    name: &str,
    maker: &str,
    model: &str,
    location: &str,
    vendor: &str,
) -> B {
    B::new(id, name, K::MedicalDevice)
        .mm(maker, model)
        .at(location)
        .vendor(vendor, false)
        .crit(Criticality::High)
        .medical()
}

pub(crate) fn modalities(g: &mut Gen) {
    for (index, location) in [(1, "loc-h1f-ct"), (2, "loc-h1f-er")] {
        let ct = device(
            &format!("med-ct{index:02}"),
            &format!("CT装置#{index}"),
            MODALITY_MAKER,
            "Aquaris CT-640",
            location,
            V_MODALITY,
        )
        .fw("CT system software", Some("V10.3"))
        .dept("放射線科")
        .vendor(V_MODALITY, true);
        add(g, MED, ct, &[DICOM]);
        let mut console = device(
            &format!("med-ct{index:02}-console"),
            &format!("CT装置#{index} 操作卓"),
            MODALITY_MAKER,
            "Aquaris Console",
            location,
            V_MODALITY,
        )
        .os("Windows 10 IoT Enterprise LTSC", Some("2019 (1809)"))
        .cpe(
            "cpe:2.3:o:microsoft:windows_10_1809:-:*:*:*:*:*:x64:*",
            CpeState::Suggested,
        )
        .dept("放射線科")
        .vendor(V_MODALITY, true);
        if index == 1 {
            console = console.note("保守用LTEモデムをUSB接続（ベンダー設置）");
        }
        add(g, MED, console, &[DICOM, SMB]);
    }
    let mri = device(
        "med-mri01",
        "MRI装置",
        MODALITY_MAKER,
        "Magnaris 3T",
        "loc-h1f-mri",
        V_MODALITY,
    )
    .fw("MR system software", None)
    .dept("放射線科")
    .note("ソフトウェア版数は保守報告書に記載なし");
    add(g, MED, mri, &[DICOM]);
    let mri_console = device(
        "med-mri01-console",
        "MRI装置 操作卓",
        MODALITY_MAKER,
        "Magnaris Console",
        "loc-h1f-mri",
        V_MODALITY,
    )
    .os("Windows 10 IoT Enterprise", None)
    .dept("放射線科");
    add(g, MED, mri_console, &[DICOM, SMB]);
    for index in 1..=3 {
        let mut xr = device(
            &format!("med-xr{index:02}"),
            &format!("一般撮影装置（FPD）#{index}"),
            MODALITY_MAKER,
            "DR-Station 5",
            "loc-h1f-xray",
            V_MODALITY,
        )
        .dept("放射線科");
        let services: &[Svc] = if index == 1 {
            xr = xr
                .os("Windows 7 Professional", Some("SP1 (6.1.7601)"))
                .cpe(
                    "cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*",
                    CpeState::Confirmed,
                )
                .eol(2020, 1, 14)
                .note("メーカーがOS更新を認めていない");
            &[DICOM, SMB, RDP]
        } else {
            xr = xr.os("Windows 10 IoT Enterprise LTSC", Some("2019 (1809)"));
            &[DICOM, SMB]
        };
        add(g, MED, xr, services);
    }
    let singles = [
        (
            "med-xrp01",
            "回診用X線撮影装置#1",
            "MobileDR M2",
            "loc-h4f-east",
        ),
        (
            "med-xrp02",
            "回診用X線撮影装置#2",
            "MobileDR M2",
            "loc-h3f-icu",
        ),
        (
            "med-mammo01",
            "マンモグラフィ装置",
            "Mammoris 3D",
            "loc-h1f-xray",
        ),
        (
            "med-angio01",
            "血管撮影装置",
            "Angioris A9",
            "loc-h1f-angio",
        ),
    ];
    for (id, name, model, location) in singles {
        let asset = device(id, name, MODALITY_MAKER, model, location, V_MODALITY)
            .fw("system software", None)
            .dept("放射線科");
        add(g, MED, asset, &[DICOM]);
    }
    let us_locations = [
        "loc-h2f-seiri",
        "loc-h2f-seiri",
        "loc-h1f-er",
        "loc-h2f-shinsatsu",
        "loc-h3f-icu",
        "loc-a1f-kenshin",
    ];
    for (index, location) in us_locations.iter().enumerate() {
        let version = if index % 2 == 0 { Some("21H2") } else { None };
        let us = device(
            &format!("med-us{:02}", index + 1),
            &format!("超音波診断装置#{}", index + 1),
            MODALITY_MAKER,
            "Sonaris U7",
            location,
            V_MODALITY,
        )
        .os("Windows 10 IoT Enterprise", version)
        .dept("検査科");
        add(g, MED, us, &[DICOM]);
    }
    for index in 1..=3 {
        let endo = device(
            &format!("med-endo{index:02}"),
            &format!("内視鏡システム#{index}"),
            ENDOSCOPE_MAKER,
            "EVIS-X 900",
            "loc-h2f-naishikyo",
            V_PACS,
        )
        .fw("video processor firmware", Some("2.04"))
        .dept("内視鏡センター");
        add(g, MED, endo, &[DICOM]);
    }
    for (index, location) in CLINICAL_LOCATIONS.iter().take(9).enumerate() {
        let central = device(
            &format!("med-cmon{:02}", index + 1),
            &format!("セントラルモニタ#{}", index + 1),
            MONITOR_MAKER,
            "CNS-9800 セントラルモニタ",
            location,
            V_MONITOR,
        )
        .fw("CNS firmware", Some("05-10"))
        .dept("看護部")
        .crit(Criticality::Critical)
        .note("Web管理画面は初期パスワードのまま");
        add(g, MED, central, &[HTTPS, HTTP]);
    }
    let analysers = [
        ("生化学自動分析装置#1", "AL-8000"),
        ("生化学自動分析装置#2", "AL-8000"),
        ("多項目自動血球分析装置#1", "HC-300"),
        ("多項目自動血球分析装置#2", "HC-300"),
        ("全自動免疫測定装置", "IM-2000"),
        ("血液ガス分析装置", "BG-50"),
    ];
    for (index, (name, model)) in analysers.iter().enumerate() {
        let version = if index < 4 { Some("3.2.1") } else { None };
        let analyser = device(
            &format!("med-ana{:02}", index + 1),
            name,
            ANALYSER_MAKER,
            model,
            "loc-h2f-kentai",
            V_LAB,
        )
        .fw("analyser software", version)
        .dept("検査科");
        add(g, MED, analyser, &[HL7]);
    }
    for index in 1..=4 {
        let dialysis = device(
            &format!("med-dial{index:02}"),
            &format!("透析用監視装置#{index}"),
            PUMP_MAKER,
            "DM-60",
            "loc-a1f-toseki",
            V_MONITOR,
        )
        .fw("DM firmware", Some("1.8"))
        .dept("透析センター");
        add(g, MED, dialysis, &[]);
    }
}
