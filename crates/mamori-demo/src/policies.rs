//! The base hospital's firewall policies: the core firewall (with the maintenance zone's
//! any-allow and RDP from the SSL-VPN), the departmental/backup firewall, the core L3
//! switch that passes everything between the clinical zones, and the internet edge.

use mamori_core::{ConnectionPointId, Endpoint, FirewallAction as A, RuleProtocol as P};

use crate::Gen;
use crate::assets::*;
use crate::firewall::{CLIENT_TO_SERVER, Rules, asset, assets_in, firewall, named, vendor, zone};
use crate::network::CP_SSLVPN;
use crate::parties::{V_EMR, V_FOOD, V_NETWORK};
use crate::zone::*;

pub(crate) fn core(g: &mut Gen, quota: usize) {
    let zones = [SRV, EMR, ANNEX, MAINT, MGMT, REGION, OA];
    firewall(
        g,
        "fw-core",
        "院内基幹ファイアウォール",
        &zones,
        A::Deny,
        FW_CORE,
        "導入・設定変更は関西ネットワークサービスに委託",
    );
    let start = g.ledger.firewall_rules.len();
    let mut r = Rules::new("fw-core");
    let sslvpn = Endpoint::ConnectionPoint {
        connection_point_id: ConnectionPointId::from(CP_SSLVPN),
    };
    let (maint, srv, emr, annex, oa) = (
        zone(g, MAINT),
        zone(g, SRV),
        zone(g, EMR),
        zone(g, ANNEX),
        zone(g, OA),
    );
    r.push(
        g,
        sslvpn,
        srv.clone(),
        P::Tcp,
        Some(3389),
        A::Allow,
        vendor(V_EMR),
        "電子カルテベンダー保守：SSL-VPN→サーバ RDP",
    );
    r.push(
        g,
        maint.clone(),
        srv.clone(),
        P::Tcp,
        Some(3389),
        A::Allow,
        vendor(V_EMR),
        "リモート保守：保守セグメント→サーバ RDP",
    );
    r.push(
        g,
        maint.clone(),
        srv.clone(),
        P::Any,
        None,
        A::Allow,
        vendor(V_EMR),
        "保守ベンダー用 全許可（導入時設定、見直し未実施）",
    );
    r.push(
        g,
        maint.clone(),
        emr.clone(),
        P::Tcp,
        Some(3389),
        A::Allow,
        vendor(V_EMR),
        "リモート保守：電子カルテ端末 RDP",
    );
    r.push(
        g,
        maint,
        annex,
        P::Tcp,
        Some(3389),
        A::Allow,
        vendor(V_EMR),
        "リモート保守：別館端末 RDP",
    );
    r.client_ports(g, EMR);
    r.client_ports(g, ANNEX);
    r.allow(
        g,
        emr.clone(),
        named(EMR_DB1),
        P::Tcp,
        Some(1521),
        "旧クライアント：DB直結（廃止予定）",
    );
    for (protocol, port, name) in &CLIENT_TO_SERVER[..7] {
        r.allow(g, oa.clone(), srv.clone(), *protocol, Some(*port), name);
    }
    r.allow(
        g,
        oa.clone(),
        named(BILLING),
        P::Tcp,
        Some(1433),
        "医事課：医事会計DB参照",
    );
    r.push(
        g,
        named(FOOD),
        srv.clone(),
        P::Any,
        None,
        A::Allow,
        vendor(V_FOOD),
        "給食サーバ⇔電子カルテ 食数連携（業者申請、範囲未精査）",
    );
    r.allow(
        g,
        named(EMR_AP1),
        named(FOOD),
        P::Tcp,
        Some(1433),
        "電子カルテ→給食 オーダ連携",
    );
    r.allow(
        g,
        named(EMR_AP2),
        named(FOOD),
        P::Tcp,
        Some(1433),
        "電子カルテ→給食 オーダ連携",
    );
    r.allow(
        g,
        srv.clone(),
        zone(g, REGION),
        P::Tcp,
        Some(443),
        "地域連携ゲートウェイ",
    );
    r.allow(
        g,
        named(REGION_GW),
        named(EMR_WEB),
        P::Tcp,
        Some(443),
        "地域連携：診療情報参照",
    );
    r.allow(
        g,
        named(REGION_GW),
        named(EMR_AP1),
        P::Tcp,
        Some(8080),
        "地域連携：文書連携",
    );
    r.push(
        g,
        zone(g, MGMT),
        Endpoint::Any,
        P::Any,
        None,
        A::Allow,
        vendor(V_NETWORK),
        "管理セグメントから全許可",
    );
    r.allow(
        g,
        Endpoint::Any,
        named(SYSLOG),
        P::Udp,
        Some(514),
        "syslog 収集",
    );
    r.allow(
        g,
        named(AV_CONSOLE),
        emr.clone(),
        P::Any,
        None,
        "ウイルス対策 パターン配信",
    );
    if let Some(it_pc) = assets_in(g, &[OA], "pc-oa-").first().cloned() {
        r.allow(
            g,
            asset(&it_pc),
            srv.clone(),
            P::Tcp,
            Some(3389),
            "情報システム室PC：サーバ管理 RDP",
        );
    }
    r.allow(
        g,
        zone(g, MAINT),
        srv.clone(),
        P::Tcp,
        Some(1433),
        "旧PACS移行作業用",
    );
    if let Some(rule) = g.ledger.firewall_rules.last_mut() {
        rule.enabled = false;
    }
    let used = g.ledger.firewall_rules.len() - start;
    let sources = assets_in(g, &[EMR, ANNEX, OA], "pc-");
    r.exceptions(g, &sources, quota.saturating_sub(used + 3));
    r.deny(g, emr.clone(), oa.clone(), "電子カルテ系→事務系 遮断");
    r.deny(g, oa, emr, "事務系→電子カルテ系 遮断");
    r.deny(g, Endpoint::Any, Endpoint::Any, "上記以外すべて拒否");
}

pub(crate) fn departmental(g: &mut Gen, quota: usize) {
    firewall(
        g,
        "fw-dept",
        "部門系・バックアップ系ファイアウォール",
        &[DEPT, SRV, BKP],
        A::Deny,
        FW_DEPT,
        "部門系・バックアップ系とサーバ系の間",
    );
    let start = g.ledger.firewall_rules.len();
    let mut r = Rules::new("fw-dept");
    let (dept, srv, bkp) = (zone(g, DEPT), zone(g, SRV), zone(g, BKP));
    r.client_ports(g, DEPT);
    for (port, name) in [
        (104, "DICOM"),
        (443, "部門Web"),
        (2575, "HL7 オーダ"),
        (1433, "部門DB"),
    ] {
        r.allow(g, srv.clone(), dept.clone(), P::Tcp, Some(port), name);
    }
    r.allow(
        g,
        named(BACKUP),
        srv.clone(),
        P::Any,
        None,
        "バックアップ取得（エージェント、全ポート）",
    );
    r.allow(
        g,
        named(BACKUP),
        dept.clone(),
        P::Any,
        None,
        "バックアップ取得（部門サーバ、全ポート）",
    );
    r.allow(
        g,
        srv.clone(),
        bkp.clone(),
        P::Tcp,
        Some(445),
        "NASへのダンプ直接コピー（ファイル共有）",
    );
    r.allow(
        g,
        srv.clone(),
        named(BACKUP),
        P::Tcp,
        Some(9392),
        "Veeam コンソール",
    );
    r.allow(
        g,
        srv.clone(),
        bkp.clone(),
        P::Tcp,
        Some(3389),
        "バックアップサーバ管理 RDP",
    );
    r.allow(
        g,
        named(PACS),
        named(NAS),
        P::Tcp,
        Some(445),
        "PACS 画像バックアップ",
    );
    r.allow(
        g,
        named(BACKUP_CONSOLE),
        named(IMMUTABLE),
        P::Tcp,
        Some(443),
        "イミュータブルストレージ管理",
    );
    r.allow(
        g,
        named(BACKUP_CONSOLE),
        named(IMMUTABLE),
        P::Tcp,
        Some(22),
        "イミュータブルストレージ管理 SSH",
    );
    let used = g.ledger.firewall_rules.len() - start;
    let sources = assets_in(g, &[DEPT], "pc-");
    r.exceptions(g, &sources, quota.saturating_sub(used + 1));
    r.deny(g, Endpoint::Any, Endpoint::Any, "上記以外すべて拒否");
}

pub(crate) fn clinical_core(g: &mut Gen) {
    firewall(
        g,
        "l3-core",
        "コアL3スイッチ（VLAN間ルーティング）",
        &[EMR, DEPT, MED],
        A::Allow,
        L3_CORE,
        "ACLはほぼ未設定。電子カルテ系・部門系・医療機器系の間は全通",
    );
    let mut r = Rules::new("l3-core");
    let (emr, med) = (zone(g, EMR), zone(g, MED));
    r.push(
        g,
        med,
        emr,
        P::Tcp,
        Some(3389),
        A::Deny,
        None,
        "医療機器系→電子カルテ端末 RDP 拒否",
    );
}

pub(crate) fn edge(g: &mut Gen) {
    firewall(
        g,
        "fw-edge",
        "インターネット境界ファイアウォール",
        &[OA, DMZ, GUEST],
        A::Deny,
        FW_EDGE,
        "インターネット回線はDMZに着信",
    );
    let mut r = Rules::new("fw-edge");
    let (oa, dmz, guest) = (zone(g, OA), zone(g, DMZ), zone(g, GUEST));
    r.deny(g, guest.clone(), oa.clone(), "ゲスト→事務系 遮断");
    r.deny(g, guest.clone(), dmz.clone(), "ゲスト→DMZ 遮断");
    r.allow(
        g,
        guest.clone(),
        Endpoint::Any,
        P::Tcp,
        Some(443),
        "ゲスト→インターネット HTTPS",
    );
    r.allow(
        g,
        guest.clone(),
        Endpoint::Any,
        P::Tcp,
        Some(80),
        "ゲスト→インターネット HTTP",
    );
    r.allow(g, guest, Endpoint::Any, P::Udp, Some(53), "ゲスト→DNS");
    r.allow(
        g,
        oa.clone(),
        named(PROXY),
        P::Tcp,
        Some(8080),
        "事務系→プロキシ",
    );
    r.allow(
        g,
        oa.clone(),
        named("srv-mail01"),
        P::Tcp,
        Some(25),
        "事務系→メール中継",
    );
    r.deny(g, dmz, oa, "DMZ→事務系 遮断");
    r.allow(
        g,
        named(PROXY),
        Endpoint::Any,
        P::Tcp,
        Some(443),
        "プロキシ→インターネット HTTPS",
    );
    r.allow(
        g,
        named(PROXY),
        Endpoint::Any,
        P::Tcp,
        Some(80),
        "プロキシ→インターネット HTTP",
    );
    r.allow(
        g,
        Endpoint::Any,
        named(PUBLIC_WEB),
        P::Tcp,
        Some(443),
        "公開Web HTTPS",
    );
    r.allow(
        g,
        Endpoint::Any,
        named(PUBLIC_WEB),
        P::Tcp,
        Some(80),
        "公開Web HTTP",
    );
    r.deny(g, Endpoint::Any, Endpoint::Any, "上記以外すべて拒否");
}
