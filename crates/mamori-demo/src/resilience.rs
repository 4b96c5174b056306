//! Backups (online, offline tape, immutable), removable media and modems, log sources and
//! the vulnerabilities recorded by hand. Recovery is deliberately uneven: only the EMR has
//! an offline copy, and the PACS copy has never been restored.

use mamori_core::{
    AssetId, Backup, BackupId, BackupMedium, ConnectionPointId, LogCategory as C, LogSource,
    LogSourceId, Owner, RemovableKind, RemovableMedium, RemovableMediumId, RestoreResult,
    ServiceId, VendorId, VulnEffect, Vulnerability, VulnerabilityId, VulnerabilityTarget,
};

use crate::assets::*;
use crate::network::{CP_FOOD_VPN, CP_SSLVPN};
use crate::parties::{V_LAB, V_MODALITY};
use crate::{Gen, day};

pub fn build(g: &mut Gen) {
    backups(g);
    removable_media(g);
    log_sources(g);
    vulnerabilities(g);
}

fn ids(list: &[&str]) -> Vec<AssetId> {
    list.iter().map(|a| AssetId::from(*a)).collect()
}

#[allow(clippy::too_many_arguments)]
fn backup(
    id: &str,
    name: &str,
    protects: &[&str],
    medium: BackupMedium,
    held_on: Option<&str>,
    generations: u32,
    retention_days: u32,
    offsite: bool,
    restore: Option<((i16, i8, i8), RestoreResult)>,
    notes: Option<&str>,
) -> Backup {
    Backup {
        id: BackupId::from(id),
        name: name.to_owned(),
        protects: ids(protects),
        medium,
        held_on: held_on.map(AssetId::from),
        managed_from: None,
        generations: Some(generations),
        retention_days: Some(retention_days),
        offsite: Some(offsite),
        last_restore_test: restore.and_then(|((y, m, d), _)| day(y, m, d)),
        last_restore_result: restore.map(|(_, result)| result),
        owner: Owner::Hospital,
        notes: notes.map(str::to_owned),
    }
}

fn backups(g: &mut Gen) {
    let emr = [EMR_DB1, EMR_DB2];
    let mut immutable = backup(
        "bk-ad-immutable",
        "AD・ファイルサーバ イミュータブルコピー",
        &[DC1, DC2, FILE],
        BackupMedium::Immutable,
        Some(IMMUTABLE),
        14,
        14,
        false,
        Some(((2026, 2, 18), RestoreResult::Success)),
        Some("保持期間の変更・削除はサーバ系の管理コンソールから可能"),
    );
    immutable.managed_from = Some(AssetId::from(BACKUP_CONSOLE));
    g.ledger.backups = vec![
        backup(
            "bk-emr-online",
            "電子カルテDB 日次バックアップ（バックアップサーバ）",
            &emr,
            BackupMedium::Online,
            Some(BACKUP),
            7,
            7,
            false,
            Some(((2025, 6, 12), RestoreResult::Success)),
            Some("保存期間7日（潜伏期間100日を想定すると不足）"),
        ),
        backup(
            "bk-emr-nas",
            "電子カルテDB 週次コピー（NAS）",
            &emr,
            BackupMedium::Online,
            Some(NAS),
            4,
            28,
            false,
            None,
            None,
        ),
        backup(
            "bk-emr-tape",
            "電子カルテDB 月次LTOテープ（院外保管）",
            &emr,
            BackupMedium::Offline,
            Some(TAPE),
            12,
            365,
            true,
            Some(((2019, 11, 20), RestoreResult::Partial)),
            Some("テープは県外の保管業者へ毎月搬出。リストア試験は導入時の一度のみ。"),
        ),
        backup(
            "bk-billing-online",
            "医事会計DB 日次バックアップ",
            &[BILLING, "srv-billing02"],
            BackupMedium::Online,
            Some(BACKUP),
            14,
            14,
            false,
            Some(((2023, 2, 1), RestoreResult::Success)),
            Some("オフラインコピーなし"),
        ),
        backup(
            "bk-pacs-nas",
            "PACS画像 差分バックアップ（NAS）",
            &[PACS, PACS_STORAGE],
            BackupMedium::Online,
            Some(NAS),
            2,
            30,
            false,
            None,
            Some("リストア試験未実施。容量不足で2世代のみ。"),
        ),
        backup(
            "bk-lis-online",
            "臨床検査DB 日次バックアップ",
            &[LIS],
            BackupMedium::Online,
            Some(BACKUP),
            7,
            7,
            false,
            Some(((2024, 9, 3), RestoreResult::Success)),
            None,
        ),
        immutable,
    ];
}

fn medium(
    id: &str,
    name: &str,
    kind: RemovableKind,
    attached_to: Option<&str>,
    number: Option<String>,
    approved: Option<bool>,
    encrypted: Option<bool>,
) -> RemovableMedium {
    RemovableMedium {
        id: RemovableMediumId::from(id),
        name: name.to_owned(),
        kind,
        attached_to: attached_to.map(AssetId::from),
        owner: Owner::Hospital,
        asset_number: number,
        approved,
        encrypted,
        notes: None,
    }
}

fn removable_media(g: &mut Gen) {
    let vendor = |id: &str| Owner::Vendor {
        vendor_id: VendorId::from(id),
    };
    let mut lte = medium(
        "rm-ct-lte",
        "CT装置#1 保守用LTEモデム",
        RemovableKind::LteModem,
        Some("med-ct01-console"),
        None,
        None,
        None,
    );
    lte.owner = vendor(V_MODALITY);
    lte.notes = Some("ベンダーが設置。院内の持込み申請なし。".to_owned());
    let mut modem = medium(
        "rm-ana-usbmodem",
        "生化学自動分析装置 精度管理用USBモデム",
        RemovableKind::UsbModem,
        Some("med-ana01"),
        None,
        Some(false),
        None,
    );
    modem.owner = vendor(V_LAB);
    modem.notes = Some("外部精度管理データの送信用。常時挿しっぱなし。".to_owned());
    let it_pcs: Vec<AssetId> = g
        .ledger
        .assets
        .iter()
        .filter(|a| a.id.as_str().starts_with("pc-oa-"))
        .take(4)
        .map(|a| a.id.clone())
        .collect();
    let mut media = vec![lte, modem];
    for (index, pc) in it_pcs.iter().enumerate() {
        let mut disk = medium(
            &format!("rm-usb-{:03}", index + 1),
            &format!("登録済み外付けHDD #{}", index + 1),
            RemovableKind::ExternalDisk,
            None,
            Some(format!("USB-{:04}", index + 1)),
            Some(true),
            Some(true),
        );
        disk.attached_to = Some(pc.clone());
        media.push(disk);
    }
    let mut stray = medium(
        "rm-usb-unregistered",
        "未登録USBメモリ（医事課で発見）",
        RemovableKind::UsbMemory,
        None,
        None,
        Some(false),
        Some(false),
    );
    stray.attached_to = it_pcs.first().cloned();
    media.push(stray);
    // A larger hospital registers more USB memories in proportion.
    for number in 1..=g.target.saturating_sub(crate::DEMO_ASSETS) / 200 {
        media.push(medium(
            &format!("rm-usbmem-{number:05}"),
            &format!("登録済みUSBメモリ #{number}"),
            RemovableKind::UsbMemory,
            None,
            Some(format!("USBM-{number:05}")),
            Some(true),
            Some(g.rng.percent(70)),
        ));
    }
    g.ledger.removable_media = media;
}

#[allow(clippy::too_many_arguments)]
fn log(
    id: &str,
    name: &str,
    asset: Option<&str>,
    point: Option<&str>,
    categories: &[C],
    retention: Option<u32>,
    stored_on: Option<&str>,
    stored_where: Option<&str>,
    review: Option<(i16, i8, i8)>,
) -> LogSource {
    LogSource {
        id: LogSourceId::from(id),
        name: name.to_owned(),
        asset_id: asset.map(AssetId::from),
        connection_point_id: point.map(ConnectionPointId::from),
        categories: categories.to_vec(),
        retention_days: retention,
        stored_on: stored_on.map(AssetId::from),
        stored_where: stored_where.map(str::to_owned),
        last_review: review.and_then(|(y, m, d)| day(y, m, d)),
    }
}

fn log_sources(g: &mut Gen) {
    g.ledger.log_sources = vec![
        log(
            "log-fw-core",
            "院内基幹FW トラフィックログ",
            Some(FW_CORE),
            None,
            &[C::Firewall],
            Some(365),
            Some(SYSLOG),
            None,
            Some((2026, 10, 1)),
        ),
        log(
            "log-fw-edge",
            "境界FW トラフィック・IPSログ",
            Some(FW_EDGE),
            None,
            &[C::Firewall, C::Vpn],
            Some(90),
            None,
            Some("FortiGate本体のローカルディスク"),
            Some((2026, 8, 5)),
        ),
        log(
            "log-sslvpn",
            "電子カルテベンダー SSL-VPN 接続ログ",
            None,
            Some(CP_SSLVPN),
            &[C::Vpn, C::Authentication],
            None,
            None,
            Some("装置本体（ベンダー管理、保存期間不明）"),
            None,
        ),
        log(
            "log-food-vpn",
            "給食業者VPNルータ ログ",
            None,
            Some(CP_FOOD_VPN),
            &[C::Vpn],
            None,
            None,
            None,
            None,
        ),
        log(
            "log-ad",
            "ADセキュリティイベントログ",
            Some(DC1),
            None,
            &[C::Authentication, C::Audit],
            Some(180),
            Some(SYSLOG),
            None,
            Some((2026, 9, 15)),
        ),
        log(
            "log-emr-audit",
            "電子カルテ 操作ログ（監査証跡）",
            Some(EMR_AP1),
            None,
            &[C::Application, C::Audit],
            Some(1825),
            Some(EMR_DB1),
            None,
            Some((2026, 10, 20)),
        ),
        log(
            "log-l3core",
            "コアL3スイッチ システムログ",
            Some(L3_CORE),
            None,
            &[C::System],
            None,
            None,
            Some("機器内バッファ（上書き）"),
            None,
        ),
        log(
            "log-edr",
            "ウイルス対策 検知ログ",
            Some(AV_CONSOLE),
            None,
            &[C::Edr],
            Some(90),
            Some(AV_CONSOLE),
            None,
            Some((2026, 11, 2)),
        ),
        log(
            "log-proxy",
            "プロキシ アクセスログ",
            Some(PROXY),
            None,
            &[C::Proxy],
            Some(365),
            Some(SYSLOG),
            None,
            None,
        ),
    ];
}

fn vulnerabilities(g: &mut Gen) {
    let on_point = |id: &str, reference: &str, notes: &str| Vulnerability {
        id: VulnerabilityId::from(id),
        reference: reference.to_owned(),
        target: VulnerabilityTarget::ConnectionPoint {
            connection_point_id: ConnectionPointId::from(CP_SSLVPN),
        },
        effect: VulnEffect::RemoteCodeExec,
        requires_authentication: false,
        known_exploited: Some(true),
        notes: Some(notes.to_owned()),
    };
    let on_asset = |id: &str,
                    reference: &str,
                    asset: &str,
                    service: Option<&str>,
                    effect,
                    requires_authentication,
                    notes: &str| Vulnerability {
        id: VulnerabilityId::from(id),
        reference: reference.to_owned(),
        target: VulnerabilityTarget::Asset {
            asset_id: AssetId::from(asset),
            service_id: service.map(|s| ServiceId(format!("svc-{asset}-{s}"))),
        },
        effect,
        requires_authentication,
        known_exploited: Some(true),
        notes: Some(notes.to_owned()),
    };
    let first_pc = g
        .ledger
        .assets
        .iter()
        .find(|a| a.id.as_str().starts_with("pc-emr-"))
        .map(|a| a.id.as_str().to_owned());
    let mut list = vec![
        on_point(
            "vul-sslvpn-cve-2022-42475",
            "CVE-2022-42475",
            "FortiOS SSL-VPN ヒープオーバーフロー（認証不要RCE）。FortiOS 7.0.6 は影響を受ける。",
        ),
        on_point(
            "vul-sslvpn-cve-2023-27997",
            "CVE-2023-27997",
            "FortiOS SSL-VPN ヒープオーバーフロー（xortigate）。FortiOS 7.0.6 は影響を受ける。",
        ),
        on_asset(
            "vul-xr01-cve-2019-0708",
            "CVE-2019-0708",
            "med-xr01",
            Some("tcp3389"),
            VulnEffect::RemoteCodeExec,
            false,
            "BlueKeep。Windows 7 のままメーカーが更新不可。",
        ),
        on_asset(
            "vul-ecg-cve-2017-0144",
            "CVE-2017-0144",
            ECG,
            Some("tcp445"),
            VulnEffect::RemoteCodeExec,
            false,
            "MS17-010（EternalBlue）。2019年以降パッチ未適用。",
        ),
        on_asset(
            "vul-backup-cve-2023-27532",
            "CVE-2023-27532",
            BACKUP,
            Some("tcp9392"),
            VulnEffect::AuthBypass,
            false,
            "Veeam B&R 認証情報の窃取。ランサムウェア攻撃で悪用。",
        ),
    ];
    if let Some(pc) = first_pc {
        list.push(on_asset(
            "vul-pc-cve-2021-36934",
            "CVE-2021-36934",
            &pc,
            None,
            VulnEffect::LocalPrivEsc,
            true,
            "HiveNightmare（ローカル権限昇格）。ペネトレーションテストで指摘。",
        ));
    }
    g.ledger.vulnerabilities = list;
}
